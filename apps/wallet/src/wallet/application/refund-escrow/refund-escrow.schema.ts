import type { JSONSchemaType } from 'ajv';
import type { RefundEscrowData } from '@app/contracts';
import { REFERENCE, UUID } from '../place-hold/place-hold.schema';

export const RefundEscrowSchema: JSONSchemaType<RefundEscrowData> = {
  type: 'object',
  required: ['holdId', 'reference'],
  properties: {
    holdId: UUID,
    reference: REFERENCE,
    forwardCommandId: { type: 'string', minLength: 1, maxLength: 255, nullable: true },
  },
};
