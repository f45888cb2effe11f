/**
 * Schemas of the Order saga's commands (order-saga.ts), the one each participant validates a command's
 * `data` with; a command that does not match is refused as malformed, never applied. Holds and escrow
 * are also commanded by the PlaceBid, BidAllowance and AuctionHoldRelease sagas with the same schemas.
 */
import type { JSONSchemaType } from 'ajv';
import type {
  BookDeliveryData,
  CancelDeliveryData,
  CaptureHoldData,
  ChargeData,
  ConfirmHoldData,
  PlaceHoldData,
  RefundData,
  RefundEscrowData,
  ReleaseEscrowToSellerData,
  ReleaseHoldData,
  ReleaseStockData,
  ReserveStockData,
  ReverseEscrowReleaseData,
  ReverseSettlementData,
} from './order-saga';
import { DataSchema, POSITIVE_MINOR_UNITS, TEXT_ID, USER_ID, UUID } from './schema-fields';

/** The most units one order reserves (`warehouse.reserve` quantity). */
export const MAX_RESERVE_QUANTITY = 10_000;
/** The platform's fee is 0 to 10 000 basis points (100 %). */
export const MAX_FEE_BPS = 10_000;
/** A delivery slot id, e.g. `std-20250102-09`. */
export const SLOT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export const PlaceHoldSchema: JSONSchemaType<PlaceHoldData> = {
  type: 'object',
  required: ['userId', 'amount', 'reference'],
  properties: { userId: USER_ID, amount: POSITIVE_MINOR_UNITS, reference: TEXT_ID },
};

export const ReleaseHoldSchema: JSONSchemaType<ReleaseHoldData> = {
  type: 'object',
  required: ['forwardCommandId'],
  properties: { forwardCommandId: TEXT_ID, holdId: { ...UUID, nullable: true } },
};

export const ConfirmHoldSchema: JSONSchemaType<ConfirmHoldData> = {
  type: 'object',
  required: ['holdId', 'userId', 'amount', 'reference'],
  properties: {
    holdId: UUID,
    userId: USER_ID,
    amount: POSITIVE_MINOR_UNITS,
    reference: TEXT_ID,
    mergeHoldIds: { type: 'array', items: UUID, maxItems: 1000, nullable: true },
  },
};

export const CaptureHoldSchema: JSONSchemaType<CaptureHoldData> = {
  type: 'object',
  required: ['holdId', 'reference'],
  properties: { holdId: UUID, reference: TEXT_ID },
};

export const ReleaseEscrowToSellerSchema: JSONSchemaType<ReleaseEscrowToSellerData> = {
  type: 'object',
  required: ['holdId', 'sellerId', 'reference'],
  properties: {
    holdId: UUID,
    sellerId: USER_ID,
    reference: TEXT_ID,
    feeBps: { type: 'integer', minimum: 0, maximum: MAX_FEE_BPS, nullable: true },
  },
};

/** wallet.settleOrder carries what releaseEscrowToSeller does. */
export const SettleOrderSchema = ReleaseEscrowToSellerSchema;

export const ReverseSettlementSchema: JSONSchemaType<ReverseSettlementData> = {
  type: 'object',
  required: ['forwardCommandId', 'holdId', 'reference'],
  properties: { forwardCommandId: TEXT_ID, holdId: UUID, reference: TEXT_ID },
};

export const ReverseEscrowReleaseSchema: JSONSchemaType<ReverseEscrowReleaseData> = {
  type: 'object',
  required: ['forwardCommandId'],
  properties: { forwardCommandId: TEXT_ID, holdId: { ...UUID, nullable: true } },
};

export const RefundEscrowSchema: JSONSchemaType<RefundEscrowData> = {
  type: 'object',
  required: ['holdId', 'reference'],
  properties: { holdId: UUID, reference: TEXT_ID, forwardCommandId: { ...TEXT_ID, nullable: true } },
};

export const ChargeSchema: JSONSchemaType<ChargeData> = {
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'holdId', 'amount'],
  properties: {
    orderId: TEXT_ID,
    buyerId: USER_ID,
    sellerId: USER_ID,
    holdId: UUID,
    amount: POSITIVE_MINOR_UNITS,
  },
};

export const RefundSchema: JSONSchemaType<RefundData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: { orderId: TEXT_ID, forwardCommandId: TEXT_ID },
};

export const ReserveStockSchema: JSONSchemaType<ReserveStockData> = {
  type: 'object',
  required: ['orderId', 'sku', 'quantity'],
  properties: {
    orderId: TEXT_ID,
    sku: { type: 'string', minLength: 1, maxLength: 64 },
    quantity: { type: 'integer', minimum: 1, maximum: MAX_RESERVE_QUANTITY },
  },
};

export const ReleaseStockSchema: JSONSchemaType<ReleaseStockData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: { orderId: TEXT_ID, forwardCommandId: TEXT_ID },
};

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

/**
 * Blank address fields pass on purpose: an undeliverable address is a business failure (a
 * `delivery.rejected` reply), not a malformed command.
 */
export const BookDeliverySchema = {
  type: 'object',
  required: ['orderId', 'address'],
  properties: {
    orderId: TEXT_ID,
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
} as const satisfies DataSchema<BookDeliveryData>;

export const CancelDeliverySchema: JSONSchemaType<CancelDeliveryData> = {
  type: 'object',
  required: ['orderId', 'forwardCommandId'],
  properties: { orderId: TEXT_ID, forwardCommandId: TEXT_ID },
};
