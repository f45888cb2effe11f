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
