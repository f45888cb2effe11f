import type { JSONSchemaType } from 'ajv';
import type { ReserveStockData } from '@app/contracts';
import { MAX_RESERVE_QUANTITY } from '../../domain/stock';

export const ReserveStockSchema: JSONSchemaType<ReserveStockData> = {
  type: 'object',
  required: ['orderId', 'sku', 'quantity'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    sku: { type: 'string', minLength: 1, maxLength: 64 },
    quantity: { type: 'integer', minimum: 1, maximum: MAX_RESERVE_QUANTITY },
  },
};
