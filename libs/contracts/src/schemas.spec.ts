import Ajv from 'ajv';
import * as contracts from './index';
import {
  AuctionExtendedSchema,
  BookDeliverySchema,
  LotCreatedData,
  LotCreatedSchema,
  MAX_RESERVE_QUANTITY,
  OutbidSchema,
  ReserveStockSchema,
} from './index';

/** Every message schema of the library, by export name. */
const schemas = Object.entries(contracts).filter(([name]) => name.endsWith('Schema'));

describe('message schemas', () => {
  // One validator for all, as a service holding several consumers compiles them: ids must not clash.
  const shared = new Ajv({ allErrors: true, strict: false });
  it.each(schemas)('%s compiles', (_name, schema) => {
    expect(() => shared.compile(schema as object)).not.toThrow();
  });

  const validate = (schema: object, data: unknown) => new Ajv({ strict: false }).compile(schema)(data);

  it('LotCreated as the lot service writes it passes; without a price it does not', () => {
    const created: LotCreatedData = {
      lotId: 'L1',
      sellerId: 'seller-1',
      title: 'Brass telescope',
      description: '',
      sku: 'SKU-1',
      startPrice: '125050',
      increment: { kind: 'absolute', value: '100' },
      buyNowPrice: '500000',
      endsAt: '2030-01-01T00:00:00.000Z',
      softCloseWindowS: 60,
      softCloseExtensionS: 60,
      onFailedSale: 'relist',
    };
    expect(validate(LotCreatedSchema, created)).toBe(true);
    expect(validate(LotCreatedSchema, { ...created, startPrice: undefined })).toBe(false);
  });

  it('Outbid and AuctionExtended as the bid desk writes them pass; a bare lot id does not', () => {
    expect(
      validate(OutbidSchema, { lotId: 'L1', userId: 'u1', previousAmount: '1000', newAmount: '1100' }),
    ).toBe(true);
    const extended = { lotId: 'L1', previousEndsAt: 'a', endsAt: 'b', byBidId: 'b2' };
    expect(validate(AuctionExtendedSchema, extended)).toBe(true);
    expect(validate(AuctionExtendedSchema, { lotId: 'L1' })).toBe(false);
  });

  it('warehouse.reserve takes 1 to MAX_RESERVE_QUANTITY units', () => {
    const reserve = (quantity: number) => ({ orderId: 'o-1', sku: 'SKU-1', quantity });
    expect(validate(ReserveStockSchema, reserve(MAX_RESERVE_QUANTITY))).toBe(true);
    expect(validate(ReserveStockSchema, reserve(MAX_RESERVE_QUANTITY + 1))).toBe(false);
    expect(validate(ReserveStockSchema, reserve(0))).toBe(false);
  });

  it('delivery.book lets a blank address through (a business refusal), not a bad slot id', () => {
    const address = { name: '', line1: '', city: '', postcode: '', country: '' };
    expect(validate(BookDeliverySchema, { orderId: 'o-1', address })).toBe(true);
    expect(validate(BookDeliverySchema, { orderId: 'o-1', address, slotId: 'std 09' })).toBe(false);
  });
});
