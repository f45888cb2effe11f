import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { FundsDeposited, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { PostingRules } from '../../domain/posting-rules';
import { WalletErrors } from '../../domain/wallet.errors';
import { DepositEntity } from '../../infrastructure/deposit.entity';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { TopUpCommand, TopUpResult } from './top-up.command';

/**
 * Credits a deposit and records FundsDeposited in the outbox, in one transaction. Ledger: `top_up`,
 * external → the user's available balance; its cause is the Idempotency-Key when there is one, so
 * the journal itself refuses a second credit for the same key.
 */
@CommandHandler(TopUpCommand)
export class TopUpHandler implements ICommandHandler<TopUpCommand, TopUpResult> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: TopUpCommand): Promise<TopUpResult> {
    return this.dataSource.transaction(async (manager) => {
      // The account row lock also serialises concurrent retries of the same Idempotency-Key.
      if (!(await FundsRepository.lockFunds(manager, command.userId)))
        throw WalletErrors.notFound(command.userId);
      const replay = await this.findReplay(manager, command);
      if (replay) return replay;
      const depositId = randomUUID();
      const { accounts } = await LedgerRepository.post(manager, {
        kind: 'top_up',
        causeId: command.idempotencyKey
          ? `top-up:${command.userId}:${command.idempotencyKey}`
          : `deposit:${depositId}`,
        reference: `deposit:${depositId}`,
        details: { depositId },
        postings: PostingRules.topUp(command.userId, BigInt(command.amount)),
      });
      const balance = accounts.get(command.userId)?.balance ?? 0n;
      const deposit = manager.create(DepositEntity, {
        id: depositId,
        userId: command.userId,
        amount: String(command.amount),
        currency: WALLET_CURRENCY,
        idempotencyKey: command.idempotencyKey ?? null,
        balanceAfter: balance.toString(),
      });
      await manager.insert(DepositEntity, deposit);
      const event: FundsDeposited = {
        type: 'FundsDeposited',
        data: {
          depositId: deposit.id,
          userId: deposit.userId,
          amount: deposit.amount,
          currency: deposit.currency,
          balance: deposit.balanceAfter,
        },
      };
      await appendToOutbox(manager, [{ topic: Topics.walletEvents, key: command.userId, ...event }]);
      return toResult(deposit, true);
    });
  }

  /** A retried request with the same Idempotency-Key gets the first deposit back, unchanged. */
  private async findReplay(manager: EntityManager, command: TopUpCommand): Promise<TopUpResult | undefined> {
    if (!command.idempotencyKey) return undefined;
    const previous = await manager.findOne(DepositEntity, {
      where: { userId: command.userId, idempotencyKey: command.idempotencyKey },
    });
    if (!previous) return undefined;
    if (previous.amount !== String(command.amount))
      throw WalletErrors.idempotencyMismatch(command.idempotencyKey);
    return toResult(previous, false);
  }
}

function toResult(deposit: DepositEntity, created: boolean): TopUpResult {
  return {
    depositId: deposit.id,
    userId: deposit.userId,
    amount: Number(deposit.amount),
    currency: deposit.currency,
    balance: Number(deposit.balanceAfter),
    created,
  };
}
