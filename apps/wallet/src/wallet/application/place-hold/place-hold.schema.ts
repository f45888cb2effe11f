import type { JSONSchemaType } from 'ajv';
import type { PlaceHoldData } from '@app/contracts';

/** Positive integer minor units that fit a PostgreSQL bigint, as a decimal string. */
export const POSITIVE_MINOR_UNITS = { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } as const;
export const USER_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
export const UUID = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
} as const;
export const REFERENCE = { type: 'string', minLength: 1, maxLength: 255 } as const;

export const PlaceHoldSchema: JSONSchemaType<PlaceHoldData> = {
  type: 'object',
  required: ['userId', 'amount', 'reference'],
  properties: { userId: USER_ID, amount: POSITIVE_MINOR_UNITS, reference: REFERENCE },
};
