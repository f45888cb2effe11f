import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { spendable } from '../../domain/hold';
import { WalletErrors } from '../../domain/wallet.errors';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { OnChainValue } from '../on-chain-value/on-chain-value.service';
import { ChainStatus, GetWalletQuery, WalletView } from './get-wallet.query';

@QueryHandler(GetWalletQuery)
export class GetWalletHandler implements IQueryHandler<GetWalletQuery, WalletView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly onChainValue: OnChainValue,
  ) {}

  async execute({ userId }: GetWalletQuery): Promise<WalletView> {
    const account = await this.dataSource.getRepository(WalletAccountEntity).findOneBy({ userId });
    if (!account) throw WalletErrors.notFound(userId);
    const funds = { balance: BigInt(account.balance), held: BigInt(account.held) };
    const reading = await this.onChainValue.of(this.dataSource.manager, userId);
    const onChain = reading.kind === 'known' ? reading.minor : reading.kind === 'none' ? 0n : null;
    const chain: ChainStatus = reading.kind === 'known' ? 'ok' : reading.kind;
    return {
      userId,
      currency: account.currency,
      balance: Number(funds.balance),
      held: Number(funds.held),
      onChain: onChain === null ? null : Number(onChain),
      chain,
      spendable: Number(spendable(funds, onChain ?? 0n)),
      proceeds: Number(account.proceeds),
    };
  }
}
