import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import type { WithdrawalView } from '@app/contracts';
import { toWithdrawalView, WithdrawalRepository } from '../../infrastructure/withdrawal.repository';
import { GetWithdrawalQuery, ListWithdrawalsQuery, WithdrawalList } from './list-withdrawals.query';

/** A user's withdrawals, newest first (those the wallet has seen: from their hold step on). */
@QueryHandler(ListWithdrawalsQuery)
export class ListWithdrawalsHandler implements IQueryHandler<ListWithdrawalsQuery, WithdrawalList> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId, limit, offset }: ListWithdrawalsQuery): Promise<WithdrawalList> {
    const { items, total } = await WithdrawalRepository.listByUser(this.dataSource.manager, userId, {
      limit,
      offset,
    });
    return { items: items.map(toWithdrawalView), total, limit, offset };
  }
}

/** One of the user's withdrawals; 404 WITHDRAWAL.NOT_FOUND for another user's or an unknown one. */
@QueryHandler(GetWithdrawalQuery)
export class GetWithdrawalHandler implements IQueryHandler<GetWithdrawalQuery, WithdrawalView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId, withdrawalId }: GetWithdrawalQuery): Promise<WithdrawalView> {
    const w = await WithdrawalRepository.find(this.dataSource.manager, withdrawalId);
    if (!w || w.userId !== userId)
      throw new DomainError('WITHDRAWAL.NOT_FOUND', `No withdrawal ${withdrawalId}`, 'not_found');
    return toWithdrawalView(w);
  }
}
