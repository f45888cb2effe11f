import { SLOT_ID_PATTERN } from '../../domain/schedule';

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

/**
 * Shape of `delivery.book` data. Blank address fields pass the schema on purpose: an undeliverable
 * address is a business failure (a `delivery.rejected` reply), not a malformed command.
 */
export const BookDeliverySchema = {
  type: 'object',
  required: ['orderId', 'address'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    slotId: { type: 'string', pattern: SLOT_ID_PATTERN.source },
    address: {
      type: 'object',
      required: ['name', 'line1', 'city', 'postcode', 'country'],
      properties: {
        name: text(200),
        line1: text(200),
        city: text(100),
        postcode: text(20),
        country: text(10),
      },
    },
  },
} as const;
