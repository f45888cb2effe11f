import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CHAIN_BALANCE, ChainBalancePort, ChainUnavailableError } from '../../domain/chain-balance.port';
import { weiToMinorUnits } from '../../domain/linked-address';
import { CHAIN_CONFIG, ChainConfig } from '../../infrastructure/chain.config';
import { LinkedAddressRepository } from '../../infrastructure/linked-address.repository';

export type OnChainReading =
  { kind: 'none' } | { kind: 'known'; minor: bigint; wei: bigint } | { kind: 'unavailable'; reason: string };

/** The verified on-chain value of a user's linked addresses, in the wallet's minor units. */
@Injectable()
export class OnChainValue {
  constructor(
    @Inject(CHAIN_BALANCE) private readonly chain: ChainBalancePort,
    @Inject(CHAIN_CONFIG) private readonly config: ChainConfig,
  ) {}

  /** 'none' without linked addresses (the node is not asked); 'unavailable' when the node fails or times out. */
  async of(manager: EntityManager, userId: string): Promise<OnChainReading> {
    const addresses = await LinkedAddressRepository.addressesOf(manager, userId);
    if (addresses.length === 0) return { kind: 'none' };
    try {
      const balances = await Promise.all(addresses.map((a) => this.chain.balanceOf(a.address)));
      const wei = balances.reduce((sum, b) => sum + b, 0n);
      return { kind: 'known', wei, minor: weiToMinorUnits(wei, this.config.weiPerMinorUnit) };
    } catch (e) {
      if (e instanceof ChainUnavailableError) return { kind: 'unavailable', reason: e.message };
      throw e;
    }
  }
}
