/**
 * The Withdrawal saga (orchestrator): a user's money leaves the platform for their linked address on the
 * chain. Every step is the wallet's. Money is integer minor units as decimal strings; wei and block
 * numbers are decimal strings too.
 *
 *   step     command                    success reply               failure reply               compensation
 *   hold     wallet.holdWithdrawal      wallet.withdrawalHeld       wallet.withdrawalRefused    wallet.releaseWithdrawal
 *   send     wallet.sendWithdrawal      wallet.withdrawalSent       wallet.withdrawalNotSent    (none: hold's release)
 *   confirm  wallet.confirmWithdrawal   wallet.withdrawalConfirmed  wallet.withdrawalFailed     (none: the pivot)
 *   settle   wallet.settleWithdrawal    wallet.withdrawalSettled    (none: retried)
 *
 * `send` and `confirm` may leave an attempt unanswered (the node is down, the transaction is not deep
 * enough yet): the saga asks again with the same commandId. Compensation reply: wallet.withdrawalReleased,
 * or wallet.withdrawalNotReleased (WALLET.WITHDRAWAL_IN_FLIGHT) while a signed transaction may still be
 * mined — never a release of money that may be on its way out.
 */
import type { JSONSchemaType } from 'ajv';
import { POSITIVE_MINOR_UNITS, TEXT_ID, USER_ID, UUID } from './schema-fields';

export const WITHDRAWAL_SOURCES = ['available', 'proceeds'] as const;
export type WithdrawalSource = (typeof WITHDRAWAL_SOURCES)[number];

export interface HoldWithdrawalData {
  withdrawalId: string;
  userId: string;
  amount: string;
  /** Which of the user's accounts pays: deposits (`available`) or a seller's `proceeds`. */
  source: WithdrawalSource;
  /** One of the user's linked, verified addresses (checked again by the wallet). */
  toAddress: string;
}
export interface WithdrawalHeldData {
  withdrawalId: string;
  holdId: string;
}
export interface ReleaseWithdrawalData {
  withdrawalId: string;
  /** The holdWithdrawal command (known even if its reply was never seen). */
  forwardCommandId: string;
}
export interface WithdrawalReleasedData {
  withdrawalId: string;
  released: boolean;
}
export interface WithdrawalRef {
  withdrawalId: string;
}
export interface WithdrawalSentData {
  withdrawalId: string;
  txHash: string;
  nonce: string;
  from: string;
  /** amount × the wallet's wei per minor unit. */
  valueWei: string;
}
export interface WithdrawalConfirmedData {
  withdrawalId: string;
  txHash: string;
  blockNumber: string;
  confirmations: number;
}
export interface WithdrawalSettledReplyData {
  withdrawalId: string;
  settled: boolean;
}

export const WithdrawalSagaMessages = {
  holdWithdrawal: 'wallet.holdWithdrawal',
  withdrawalHeld: 'wallet.withdrawalHeld',
  withdrawalRefused: 'wallet.withdrawalRefused',
  releaseWithdrawal: 'wallet.releaseWithdrawal',
  withdrawalReleased: 'wallet.withdrawalReleased',
  withdrawalNotReleased: 'wallet.withdrawalNotReleased',
  sendWithdrawal: 'wallet.sendWithdrawal',
  withdrawalSent: 'wallet.withdrawalSent',
  withdrawalNotSent: 'wallet.withdrawalNotSent',
  confirmWithdrawal: 'wallet.confirmWithdrawal',
  withdrawalConfirmed: 'wallet.withdrawalConfirmed',
  withdrawalFailed: 'wallet.withdrawalFailed',
  settleWithdrawal: 'wallet.settleWithdrawal',
  withdrawalSettled: 'wallet.withdrawalSettled',
} as const;

/** The withdrawal commands' schemas, the ones the wallet validates them with. */
export const HoldWithdrawalSchema: JSONSchemaType<HoldWithdrawalData> = {
  type: 'object',
  required: ['withdrawalId', 'userId', 'amount', 'source', 'toAddress'],
  properties: {
    withdrawalId: UUID,
    userId: USER_ID,
    amount: POSITIVE_MINOR_UNITS,
    source: { type: 'string', enum: [...WITHDRAWAL_SOURCES] },
    toAddress: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
  },
};

export const ReleaseWithdrawalSchema: JSONSchemaType<ReleaseWithdrawalData> = {
  type: 'object',
  required: ['withdrawalId', 'forwardCommandId'],
  properties: { withdrawalId: UUID, forwardCommandId: TEXT_ID },
};

/** sendWithdrawal, confirmWithdrawal, settleWithdrawal: the withdrawal is all they name. */
export const WithdrawalRefSchema: JSONSchemaType<WithdrawalRef> = {
  type: 'object',
  required: ['withdrawalId'],
  properties: { withdrawalId: UUID },
};

export const WithdrawalFailureCodes = {
  insufficientFunds: 'WALLET.INSUFFICIENT_FUNDS',
  notFound: 'WALLET.NOT_FOUND',
  addressNotLinked: 'WALLET.ADDRESS_NOT_LINKED',
  /** The node refused the signed transaction (e.g. the hot wallet cannot pay value + gas). */
  chainRejected: 'WALLET.CHAIN_REJECTED',
  /** Mined, but reverted. */
  chainReverted: 'WALLET.CHAIN_REVERTED',
  /** Not mined by the deadline, and its nonce was taken by the replacement: it never will be. */
  chainDropped: 'WALLET.CHAIN_DROPPED',
  /** The withdrawal is not in a state this step can act on (released, unknown). */
  notHeld: 'WALLET.WITHDRAWAL_NOT_HELD',
  /** Compensated before any transaction was sent (an operator, or a refusal of the send). */
  cancelled: 'WALLET.WITHDRAWAL_CANCELLED',
  /** A release refused: a signed transaction may still be mined. */
  inFlight: 'WALLET.WITHDRAWAL_IN_FLIGHT',
} as const;

/** What a user sees of a withdrawal (gateway `GET /wallet/withdrawals[/:id]`). */
export const WITHDRAWAL_STATUSES = ['PENDING', 'SENT', 'CONFIRMED', 'SETTLED', 'FAILED'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export interface WithdrawalView {
  withdrawalId: string;
  userId: string;
  amount: string;
  currency: string;
  source: WithdrawalSource;
  toAddress: string;
  status: WithdrawalStatus;
  txHash: string | null;
  code: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}
