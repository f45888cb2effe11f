import type { JSONSchemaType } from 'ajv';

/** A top-up credited to a buyer's wallet. Amounts are integer minor units carried as decimal strings. */
export interface FundsDepositedData {
  depositId: string;
  userId: string;
  amount: string;
  currency: string;
  balance: string;
}

export type FundsDeposited = { type: 'FundsDeposited'; data: FundsDepositedData };

/*
 * Holds change only on the saga path, so they have no event here: the saga replies on
 * `orchestrator.replies` (wallet.holdPlaced / holdReleased / holdCaptured / holdConfirmed) are their
 * events (see topics.ts).
 */

const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

export const FundsDepositedSchema: JSONSchemaType<FundsDepositedData> = {
  $id: 'wallet.FundsDeposited.v1',
  type: 'object',
  additionalProperties: false,
  required: ['depositId', 'userId', 'amount', 'currency', 'balance'],
  properties: {
    depositId: { type: 'string', minLength: 1, maxLength: 64 },
    userId: { type: 'string', minLength: 1, maxLength: 64 },
    amount: minorUnits,
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    balance: minorUnits,
  },
};

/**
 * A withdrawal's end, for the user (notification). Settled: its transaction is confirmed on the chain
 * and the ledger debited it. Failed: the node refused the transaction, it reverted or was dropped, or the
 * withdrawal was cancelled; its money is back in its source account.
 */
export interface WithdrawalSettledData {
  withdrawalId: string;
  userId: string;
  amount: string;
  currency: string;
  toAddress: string;
  txHash: string;
}
export interface WithdrawalFailedData {
  withdrawalId: string;
  userId: string;
  amount: string;
  currency: string;
  toAddress: string;
  code: string;
  reason: string;
}
export type WithdrawalSettled = { type: 'WithdrawalSettled'; data: WithdrawalSettledData };
export type WithdrawalFailed = { type: 'WithdrawalFailed'; data: WithdrawalFailedData };

const userId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const address = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } as const;
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;

export const WithdrawalSettledSchema: JSONSchemaType<WithdrawalSettledData> = {
  $id: 'wallet.WithdrawalSettled.v1',
  type: 'object',
  additionalProperties: false,
  required: ['withdrawalId', 'userId', 'amount', 'currency', 'toAddress', 'txHash'],
  properties: {
    withdrawalId: { type: 'string', minLength: 1, maxLength: 64 },
    userId,
    amount: minorUnits,
    currency,
    toAddress: address,
    txHash: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' },
  },
};

export const WithdrawalFailedSchema: JSONSchemaType<WithdrawalFailedData> = {
  $id: 'wallet.WithdrawalFailed.v1',
  type: 'object',
  additionalProperties: false,
  required: ['withdrawalId', 'userId', 'amount', 'currency', 'toAddress', 'code', 'reason'],
  properties: {
    withdrawalId: { type: 'string', minLength: 1, maxLength: 64 },
    userId,
    amount: minorUnits,
    currency,
    toAddress: address,
    code: { type: 'string', minLength: 1, maxLength: 64 },
    reason: { type: 'string', maxLength: 1000 },
  },
};
