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
const address = { type: 'string', pattern: '^0x[0-9a-f]{40}$' } as const;

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
    from: address,
    to: address,
    valueWei: wei,
    weiPerMinorUnit: wei,
    amount: minorUnits,
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    balance: minorUnits,
  },
};
