import type { JSONSchemaType } from 'ajv';
import type { ChargeData } from '@app/contracts';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const USER_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

export const ChargeSchema: JSONSchemaType<ChargeData> = {
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'holdId', 'amount'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    buyerId: USER_ID,
    sellerId: USER_ID,
    holdId: { type: 'string', pattern: UUID },
    /** Positive integer minor units that fit a bigint. */
    amount: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' },
  },
};
