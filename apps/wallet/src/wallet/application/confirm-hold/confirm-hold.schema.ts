import type { JSONSchemaType } from 'ajv';
import type { ConfirmHoldData } from '@app/contracts';
import { POSITIVE_MINOR_UNITS, REFERENCE, USER_ID, UUID } from '../place-hold/place-hold.schema';

export const ConfirmHoldSchema: JSONSchemaType<ConfirmHoldData> = {
  type: 'object',
  required: ['holdId', 'userId', 'amount', 'reference'],
  properties: {
    holdId: UUID,
    userId: USER_ID,
    amount: POSITIVE_MINOR_UNITS,
    reference: REFERENCE,
    mergeHoldIds: { type: 'array', items: UUID, maxItems: 1000, nullable: true },
  },
};
