import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { FundsDeposited, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { WalletErrors } from '../../domain/wallet.errors';
import { DepositEntity } from '../../infrastructure/deposit.entity';
import { TopUpCommand, TopUpResult } from './top-up.command';

/** Credits a deposit and records FundsDeposited in the outbox, in one transaction. */
@CommandHandler(TopUpCommand)
export class TopUpHandler implements ICommandHandler<TopUpCommand, TopUpResult> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: TopUpCommand): Promise<TopUpResult> {
    return this.dataSource.transaction(async (manager) => {
      const replay = await this.findReplay(manager, command);
      if (replay) return replay;
      // TypeORM returns [rows, affected] for UPDATE ... RETURNING.
      const [rows] = (await manager.query(
        `UPDATE wallet_accounts SET balance = balance + $2, updated_at = now()
         WHERE user_id = $1 RETURNING balance, currency`,
        [command.userId, command.amount],
      )) as [{ balance: string; currency: string }[], number];
      const row = rows[0];
      if (!row) throw WalletErrors.notFound(command.userId);
      const deposit = manager.create(DepositEntity, {
        id: randomUUID(),
        userId: command.userId,
        amount: String(command.amount),
        currency: row.currency,
        idempotencyKey: command.idempotencyKey ?? null,
        balanceAfter: row.balance,
      });
      await manager.insert(DepositEntity, deposit);
      const event: FundsDeposited = {
        type: 'FundsDeposited',
        data: {
          depositId: deposit.id,
          userId: deposit.userId,
          amount: deposit.amount,
          currency: deposit.currency,
          balance: row.balance,
        },
      };
      await appendToOutbox(manager, [{ topic: Topics.walletEvents, key: command.userId, ...event }]);
      return toResult(deposit, true);
    });
  }

  /** A retried request with the same Idempotency-Key gets the first deposit back, unchanged. */
  private async findReplay(manager: EntityManager, command: TopUpCommand): Promise<TopUpResult | undefined> {
    if (!command.idempotencyKey) return undefined;
    // Serialise concurrent retries of the same key on the account row.
    await manager.query(`SELECT 1 FROM wallet_accounts WHERE user_id = $1 FOR UPDATE`, [command.userId]);
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
