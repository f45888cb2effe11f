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

/** A saga placed a hold: `amount` is reserved (held) and no longer spendable. */
export interface HoldPlacedEventData {
  holdId: string;
  userId: string;
  amount: string;
  reference: string;
  /** The account after the hold (balance is unchanged, held grew by amount). */
  balance: string;
  held: string;
}
/** A hold was released (compensation or an outbid bidder): its amount is spendable again. */
export interface HoldReleasedEventData {
  holdId: string;
  userId: string;
  amount: string;
  reference: string;
  balance: string;
  held: string;
}
/** A hold was captured: its amount left the buyer's wallet (balance and held both fell by amount). */
export interface HoldCapturedEventData {
  holdId: string;
  captureId: string;
  userId: string;
  amount: string;
  reference: string;
  balance: string;
  held: string;
}

export type HoldPlaced = { type: 'HoldPlaced'; data: HoldPlacedEventData };
export type HoldReleased = { type: 'HoldReleased'; data: HoldReleasedEventData };
export type HoldCaptured = { type: 'HoldCaptured'; data: HoldCapturedEventData };

export type WalletEvent = FundsDeposited | HoldPlaced | HoldReleased | HoldCaptured;

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
