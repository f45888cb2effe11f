/**
 * The Withdrawal saga, version 1 (libs/contracts/src/withdrawal-saga.ts): a user's money leaves for their
 * linked address on the chain. Every step is the wallet's:
 *
 *   hold     the amount moves from the source account (available or proceeds) to held (`withdrawal_held`);
 *            undone by releaseWithdrawal (`withdrawal_released`) when the withdrawal fails
 *   send     the wallet signs a transfer from the hot wallet, stores it, then broadcasts it
 *   confirm  answered when the transaction is GAVEL_CHAIN_CONFIRMATIONS deep (the pivot: money is out);
 *            refused when it reverted, or was dropped (never mined by the wallet's deadline and its nonce
 *            taken by a replacement, so it never can be)
 *   settle   held → chain_clearing (`chain_withdrawal`); it cannot fail
 *
 * No step has a business deadline: a node that is down delays the withdrawal, it never fails it; only the
 * wallet's verdict on the transaction (rejected, reverted, dropped) does. `send` and `confirm` are left
 * unanswered while the node cannot be asked or the transaction is not deep enough, and the engine asks
 * again (same commandId) with backoff; confirm raises an incident only after many attempts (a real chain
 * takes minutes to bury a transaction).
 */
import {
  HoldWithdrawalData,
  ReleaseWithdrawalData,
  WithdrawalRef,
  WithdrawalSagaMessages as W,
  WithdrawalSource,
} from '@app/contracts';
import { defineSaga, replyText, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { compensationTiming, forwardTiming } from '../saga-steps';

export const WITHDRAWAL_SAGA = 'Withdrawal';

/** Unanswered confirm attempts before an incident: waiting for confirmations is normal, not a fault. */
export const CONFIRM_INCIDENT_AFTER_ATTEMPTS = 20;

export interface WithdrawalData {
  withdrawalId: string;
  userId: string;
  /** Integer minor units as a decimal string. */
  amount: string;
  source: WithdrawalSource;
  toAddress: string;
  holdId?: string;
  txHash?: string;
  nonce?: string;
  valueWei?: string;
  blockNumber?: string;
  settled?: boolean;
}

export const WithdrawalSteps = {
  hold: 'hold',
  send: 'send',
  confirm: 'confirm',
  settle: 'settle',
} as const;

const ref = (data: WithdrawalData): WithdrawalRef => ({ withdrawalId: data.withdrawalId });

export function buildWithdrawalSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<WithdrawalData> {
  const forward = forwardTiming(p);
  return defineSaga<WithdrawalData>(WITHDRAWAL_SAGA, 1)
    .step(WithdrawalSteps.hold, {
      participant: 'wallet',
      command: ({ data }) => ({
        type: W.holdWithdrawal,
        data: {
          withdrawalId: data.withdrawalId,
          userId: data.userId,
          amount: data.amount,
          source: data.source,
          toAddress: data.toAddress,
        } satisfies HoldWithdrawalData,
      }),
      onReply: {
        success: W.withdrawalHeld,
        failure: W.withdrawalRefused,
        apply: (data, reply) => ({ ...data, holdId: replyText(reply, 'holdId', data.holdId) }),
      },
      compensation: {
        ...compensationTiming(p),
        command: ({ data, forwardCommandId }) => ({
          type: W.releaseWithdrawal,
          data: { withdrawalId: data.withdrawalId, forwardCommandId } satisfies ReleaseWithdrawalData,
        }),
      },
      ...forward,
    })
    .step(WithdrawalSteps.send, {
      participant: 'wallet',
      command: ({ data }) => ({ type: W.sendWithdrawal, data: ref(data) }),
      onReply: {
        success: W.withdrawalSent,
        failure: W.withdrawalNotSent,
        apply: (data, reply) => ({
          ...data,
          txHash: replyText(reply, 'txHash', data.txHash),
          nonce: replyText(reply, 'nonce', data.nonce),
          valueWei: replyText(reply, 'valueWei', data.valueWei),
        }),
      },
      ...forward,
    })
    .step(WithdrawalSteps.confirm, {
      participant: 'wallet',
      command: ({ data }) => ({ type: W.confirmWithdrawal, data: ref(data) }),
      onReply: {
        success: W.withdrawalConfirmed,
        failure: W.withdrawalFailed,
        apply: (data, reply) => ({
          ...data,
          txHash: replyText(reply, 'txHash', data.txHash),
          blockNumber: replyText(reply, 'blockNumber', data.blockNumber),
        }),
      },
      timeoutMs: p.stepTimeoutMs,
      retry: {
        ...p.forwardRetry,
        incidentAfterAttempts: Math.max(
          p.forwardRetry.incidentAfterAttempts,
          CONFIRM_INCIDENT_AFTER_ATTEMPTS,
        ),
      },
    })
    .step(WithdrawalSteps.settle, {
      participant: 'wallet',
      command: ({ data }) => ({ type: W.settleWithdrawal, data: ref(data) }),
      onReply: { success: W.withdrawalSettled, apply: (data) => ({ ...data, settled: true }) },
      ...forward,
    })
    .build();
}
