import { platformCurrency } from '@app/common';
import type { WithdrawalStatus, WithdrawalView } from '@app/contracts';
import { isTerminal, SagaStatus } from '@app/saga';
import { WithdrawalData } from './withdrawal.saga';

export interface WithdrawalSagaRow {
  status: SagaStatus;
  data: WithdrawalData;
  failure: { code: string; reason: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * GET /withdrawals/:id, read from the saga: PENDING until the transaction is broadcast, SENT, CONFIRMED
 * once deep enough on the chain, SETTLED when the ledger debited it (the saga completed); FAILED as soon
 * as the saga turns back (its money is then returned by the hold's release), or was aborted.
 */
export function withdrawalStatus(status: SagaStatus, data: WithdrawalData): WithdrawalStatus {
  if (status === 'COMPLETED' || data.settled) return 'SETTLED';
  if (status === 'COMPENSATING' || isTerminal(status)) return 'FAILED';
  if (data.blockNumber) return 'CONFIRMED';
  if (data.txHash) return 'SENT';
  return 'PENDING';
}

export function toWithdrawalView(row: WithdrawalSagaRow): WithdrawalView {
  const { data } = row;
  const status = withdrawalStatus(row.status, data);
  const failed = status === 'FAILED';
  return {
    withdrawalId: data.withdrawalId,
    userId: data.userId,
    amount: data.amount,
    currency: platformCurrency(),
    source: data.source,
    toAddress: data.toAddress,
    status,
    txHash: data.txHash ?? null,
    code: failed
      ? (row.failure?.code ?? (row.status === 'ABORTED' ? 'SAGA.ABORTED' : 'SAGA.STEP_FAILED'))
      : null,
    reason: failed ? (row.failure?.reason ?? row.status.toLowerCase()) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
