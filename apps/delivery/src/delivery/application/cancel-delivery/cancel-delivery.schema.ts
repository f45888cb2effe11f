import type { JSONSchemaType } from 'ajv';
import type { CancelDeliveryData } from '@app/contracts';

export const CancelDeliverySchema: JSONSchemaType<CancelDeliveryData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    forwardCommandId: { type: 'string', minLength: 1, maxLength: 255 },
  },
};
