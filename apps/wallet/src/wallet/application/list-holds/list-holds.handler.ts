import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WalletErrors } from '../../domain/wallet.errors';
import { HoldEntity } from '../../infrastructure/hold.entity';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { HoldList, ListHoldsQuery } from './list-holds.query';

@QueryHandler(ListHoldsQuery)
export class ListHoldsHandler implements IQueryHandler<ListHoldsQuery, HoldList> {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; 404 when the user has no wallet. */
  async execute({ userId, status, limit }: ListHoldsQuery): Promise<HoldList> {
    const exists = await this.dataSource.getRepository(WalletAccountEntity).existsBy({ userId });
    if (!exists) throw WalletErrors.notFound(userId);
    const holds = await this.dataSource.getRepository(HoldEntity).find({
      where: status ? { userId, status } : { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return {
      items: holds.map((h) => ({
        holdId: h.id,
        userId: h.userId,
        amount: Number(h.amount),
        reference: h.reference,
        status: h.status,
        createdAt: h.createdAt.toISOString(),
        updatedAt: h.updatedAt.toISOString(),
      })),
    };
  }
}
