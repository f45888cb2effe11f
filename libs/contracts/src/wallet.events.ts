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

/**
 * Value sent to a user's deposit address, confirmed on the chain and credited to their wallet (once per
 * transaction). Wei and the rate are decimal strings (they exceed 2^53); `amount` = ⌊valueWei /
 * weiPerMinorUnit⌋ minor units of `currency`, and `balance` the wallet's balance after it.
 */
export interface DepositCreditedData {
  depositId: string;
  userId: string;
  chainId: number;
  txHash: string;
  blockNumber: number;
  from: string;
  to: string;
  valueWei: string;
  weiPerMinorUnit: string;
  amount: string;
  currency: string;
  balance: string;
}

export type DepositCredited = { type: 'DepositCredited'; data: DepositCreditedData };

const wei = { type: 'string', pattern: '^[0-9]{1,78}$' } as const;
/** Addresses as the watcher reads them from blocks: lowercase. */
const lowerAddress = { type: 'string', pattern: '^0x[0-9a-f]{40}$' } as const;

export const DepositCreditedSchema: JSONSchemaType<DepositCreditedData> = {
  $id: 'wallet.DepositCredited.v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'depositId',
    'userId',
    'chainId',
    'txHash',
    'blockNumber',
    'from',
    'to',
    'valueWei',
    'weiPerMinorUnit',
    'amount',
    'currency',
    'balance',
  ],
  properties: {
    depositId: { type: 'string', minLength: 1, maxLength: 64 },
    userId: { type: 'string', minLength: 1, maxLength: 64 },
    chainId: { type: 'integer', minimum: 1 },
    txHash: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    blockNumber: { type: 'integer', minimum: 0 },
    from: lowerAddress,
    to: lowerAddress,
    valueWei: wei,
    weiPerMinorUnit: wei,
    amount: minorUnits,
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    balance: minorUnits,
  },
};
