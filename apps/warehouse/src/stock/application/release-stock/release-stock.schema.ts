import type { JSONSchemaType } from 'ajv';
import type { ReleaseStockData } from '@app/contracts';

export const ReleaseStockSchema: JSONSchemaType<ReleaseStockData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    forwardCommandId: { type: 'string', minLength: 1, maxLength: 255 },
  },
};
