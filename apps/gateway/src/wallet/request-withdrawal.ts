import { HttpException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, uuidV5 } from '@app/common';
import { WithdrawalFailureCodes, WithdrawalSource } from '@app/contracts';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { UpstreamClient } from '../upstream/upstream.client';

/** The gateway's own UUID namespace for withdrawal ids derived from Idempotency-Keys (fixed forever). */
export const WITHDRAWAL_ID_NAMESPACE = '8b2f7c1e-4d6a-4f0b-9e3c-5a7d1c2b9f60';

export function withdrawalIdFor(userId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : uuidV5(`withdrawal\n${userId}\n${idempotencyKey}`, WITHDRAWAL_ID_NAMESPACE);
}

export interface WithdrawalStarted {
  withdrawalId: string;
  sagaId: string;
  status: string;
  /** A keyed retry of a withdrawal already requested. */
  replay: boolean;
}

interface ExistingWithdrawal {
  status: string;
  amount: string;
  source: WithdrawalSource;
  toAddress: string;
}

const keyReused = (key: string) =>
  new DomainError(
    'WITHDRAWAL.IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key ${key} was already used for a different withdrawal`,
    'unprocessable',
  );

interface WalletView {
  balance: number;
  held: number;
  proceeds: number;
}

/**
 * POST /wallet/withdrawals: checks what the wallet will check again (a linked address, enough money in
 * the source) so that a plain mistake is a 4xx now rather than a FAILED withdrawal, then starts the
 * Withdrawal saga at the orchestrator. A retry with the same Idempotency-Key names the same withdrawal
 * and answers it as it is (checked first: its money is held by then).
 */
@Injectable()
export class RequestWithdrawal {
  constructor(private readonly upstream: UpstreamClient) {}

  async execute(
    user: AuthUser,
    request: { amount: number; source: WithdrawalSource; toAddress?: string },
    idempotencyKey: string | undefined,
  ): Promise<WithdrawalStarted> {
    const withdrawalId = withdrawalIdFor(user.userId, idempotencyKey);
    if (idempotencyKey !== undefined) {
      const existing = await this.existing(user, withdrawalId);
      if (existing) {
        const same =
          existing.amount === String(request.amount) &&
          existing.source === request.source &&
          (request.toAddress === undefined || existing.toAddress === request.toAddress.toLowerCase());
        if (!same) throw keyReused(idempotencyKey);
        return { withdrawalId, sagaId: withdrawalId, status: existing.status, replay: true };
      }
    }
    const toAddress = await this.address(user, request.toAddress);
    await this.checkFunds(user, request.source, request.amount);
    try {
      await this.upstream.call('orchestrator', {
        method: 'POST',
        path: '/withdrawals',
        body: {
          withdrawalId,
          userId: user.userId,
          amount: request.amount,
          source: request.source,
          toAddress,
        },
        caller: callerOf(user),
      });
    } catch (e) {
      if (idempotencyKey !== undefined && e instanceof HttpException && e.getStatus() === 409)
        throw keyReused(idempotencyKey);
      throw e;
    }
    return { withdrawalId, sagaId: withdrawalId, status: 'PENDING', replay: false };
  }

  private async existing(user: AuthUser, withdrawalId: string): Promise<ExistingWithdrawal | undefined> {
    try {
      const res = await this.upstream.call<ExistingWithdrawal & { userId: string }>('orchestrator', {
        method: 'GET',
        path: `/withdrawals/${withdrawalId}`,
        caller: callerOf(user),
      });
      return res.body.userId === user.userId ? res.body : undefined;
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 404) return undefined;
      throw e;
    }
  }

  /** The requested linked address, or the one linked last; 409 WALLET.NO_LINKED_ADDRESS / 422 WALLET.ADDRESS_NOT_LINKED. */
  private async address(user: AuthUser, wanted: string | undefined): Promise<string> {
    const res = await this.upstream.call<{ items: { address: string; verifiedAt: string }[] }>('wallet', {
      method: 'GET',
      path: `/wallets/${encodeURIComponent(user.userId)}/addresses`,
      caller: callerOf(user),
    });
    const linked = [...res.body.items].sort((a, b) => b.verifiedAt.localeCompare(a.verifiedAt));
    if (linked.length === 0)
      throw new DomainError(
        'WALLET.NO_LINKED_ADDRESS',
        'Link an address first (POST /wallet/addresses): withdrawals go only to a linked address',
        'conflict',
      );
    if (wanted === undefined) return linked[0].address.toLowerCase();
    const match = linked.find((a) => a.address.toLowerCase() === wanted.toLowerCase());
    if (!match)
      throw new DomainError(
        WithdrawalFailureCodes.addressNotLinked,
        `${wanted} is not one of your linked addresses`,
        'unprocessable',
      );
    return match.address.toLowerCase();
  }

  /** 402 WALLET.INSUFFICIENT_FUNDS when the source cannot cover the amount (on-chain value does not count). */
  private async checkFunds(user: AuthUser, source: WithdrawalSource, amount: number): Promise<void> {
    const { body } = await this.upstream.call<WalletView>('wallet', {
      method: 'GET',
      path: `/wallets/${encodeURIComponent(user.userId)}`,
      caller: callerOf(user),
    });
    const withdrawable = Math.max(0, source === 'proceeds' ? body.proceeds : body.balance - body.held);
    if (amount > withdrawable)
      throw new DomainError(
        WithdrawalFailureCodes.insufficientFunds,
        `You can withdraw at most ${withdrawable} from ${source}`,
        'payment_required',
        { source, withdrawable, amount },
      );
  }
}
