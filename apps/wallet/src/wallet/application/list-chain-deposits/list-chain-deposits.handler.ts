import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WalletErrors } from '../../domain/wallet.errors';
import { ChainDepositRepository } from '../../infrastructure/chain/chain-deposit.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { ChainDeposits, ListChainDepositsQuery } from './list-chain-deposits.query';

/** The user's chain deposits, newest first. */
@QueryHandler(ListChainDepositsQuery)
export class ListChainDepositsHandler implements IQueryHandler<ListChainDepositsQuery, ChainDeposits> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId, limit, offset }: ListChainDepositsQuery): Promise<ChainDeposits> {
    const exists = await this.dataSource.getRepository(WalletAccountEntity).existsBy({ userId });
    if (!exists) throw WalletErrors.notFound(userId);
    const rows = await ChainDepositRepository.depositsOf(this.dataSource.manager, userId, { limit, offset });
    return {
      currency: WALLET_CURRENCY,
      items: rows.map((r) => ({
        depositId: r.id,
        chainId: r.chainId,
        txHash: r.txHash,
        blockNumber: r.blockNumber,
        from: r.from,
        to: r.to,
        valueWei: r.valueWei,
        weiPerMinorUnit: r.weiPerMinorUnit,
        amount: Number(r.amount),
        remainderWei: r.remainderWei,
        entryId: r.entryId,
        at: r.creditedAt.toISOString(),
      })),
    };
  }
}
