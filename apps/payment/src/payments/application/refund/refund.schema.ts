import type { JSONSchemaType } from 'ajv';
import type { RefundData } from '@app/contracts';

export const RefundSchema: JSONSchemaType<RefundData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    forwardCommandId: { type: 'string', minLength: 1, maxLength: 255 },
  },
};
