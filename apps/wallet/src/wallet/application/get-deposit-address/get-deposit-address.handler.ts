import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WalletErrors } from '../../domain/wallet.errors';
import { CHAIN_CONFIG, ChainConfig } from '../../infrastructure/chain.config';
import {
  ChainDepositRepository,
  DepositAddressRow,
} from '../../infrastructure/chain/chain-deposit.repository';
import { depositAddress, platformKeyFingerprint } from '../../infrastructure/chain/platform-keys';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { DepositAddressView, GetDepositAddressCommand } from './get-deposit-address.command';

/**
 * The user's deposit address: the one they have, else the next derivation index of the platform key
 * (m/44'/60'/1'/0/<index>), stored in the same transaction. The wallet row's lock makes two first
 * calls of one user hand out one address. A new address is handed out only once the watcher has a
 * cursor on the chain, so every block a deposit to it can be in is still ahead of the watcher.
 */
@CommandHandler(GetDepositAddressCommand)
export class GetDepositAddressHandler implements ICommandHandler<
  GetDepositAddressCommand,
  DepositAddressView
> {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHAIN_CONFIG) private readonly config: ChainConfig,
  ) {}

  execute({ userId }: GetDepositAddressCommand): Promise<DepositAddressView> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await FundsRepository.lockFunds(manager, userId))) throw WalletErrors.notFound(userId);
      const existing = await ChainDepositRepository.addressOf(manager, userId);
      if (existing) return this.view(existing);
      const mnemonic = this.config.deposits.mnemonic;
      if (!mnemonic)
        throw new ServiceUnavailableException({
          code: 'WALLET.DEPOSITS_DISABLED',
          message: 'Deposits from the chain are not enabled (the wallet has no platform key)',
        });
      if (!(await ChainDepositRepository.cursorExists(manager, this.config.chainId)))
        throw new ServiceUnavailableException({
          code: 'WALLET.DEPOSITS_NOT_WATCHED',
          message: 'The chain is not watched for deposits yet; try again shortly',
          details: { retryAfterSeconds: 5 },
        });
      const index = await ChainDepositRepository.nextIndex(manager);
      const row = await ChainDepositRepository.insertAddress(manager, {
        userId,
        derivationIndex: index,
        address: depositAddress(index, mnemonic),
        keyFingerprint: platformKeyFingerprint(mnemonic),
      });
      return this.view(row);
    });
  }

  private view(row: DepositAddressRow): DepositAddressView {
    return {
      address: row.address,
      chainId: this.config.chainId,
      confirmations: this.config.deposits.confirmations,
      weiPerMinorUnit: this.config.deposits.weiPerMinorUnit.toString(),
      currency: WALLET_CURRENCY,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
