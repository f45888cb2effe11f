/**
 * Schemas of the lot events' `data` (lot.events.ts), the one every consumer validates with: a message that
 * does not match is dead-lettered. Extra fields are allowed (producers may add optional ones).
 */
import type { AuctionExtendedData, LotCreatedData, OutbidData } from './lot.events';
import type { DataSchema } from './schema-fields';

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;
/** Prices as listed: they fit a bigint. */
const price = { type: 'string', pattern: '^[0-9]{1,18}$' } as const;
const fallback = { enum: ['RELISTED', 'CLOSED_UNSOLD'] } as const;
const title = { type: 'string', minLength: 1, maxLength: 200 } as const;
const time = { type: 'string', minLength: 1 } as const;

/**
 * Schema of AuctionClosed's `data`, the one every consumer validates with (the orchestrator starts the
 * winner's order from it, notification tells seller and winner). A sale names its winner, price and hold.
 */
export const AuctionClosedSchema = {
  $id: 'lot.AuctionClosed.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'sku', 'title', 'outcome', 'closedAt'],
  properties: {
    lotId: id,
    sellerId: id,
    sku: id,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    outcome: { enum: ['SOLD', 'UNSOLD'] },
    reason: { type: 'string', maxLength: 200 },
    winnerId: id,
    amount: minorUnits,
    holdId: { type: 'string', minLength: 1, maxLength: 255 },
    mergeHoldIds: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 255 } },
    address: { type: 'object' },
    closedAt: { type: 'string', minLength: 1 },
    buyNow: { type: 'boolean' },
  },
  if: { properties: { outcome: { const: 'SOLD' } } },
  then: { required: ['winnerId', 'amount', 'holdId'] },
} as const;

/** Schema of LotSaleFailed's `data` (extra fields allowed: producers may add optional ones). */
export const LotSaleFailedSchema = {
  $id: 'lot.LotSaleFailed.v1',
  type: 'object',
  required: ['lotId', 'orderId', 'sellerId', 'winnerId', 'title', 'amount', 'code', 'reason', 'failedAt'],
  properties: {
    lotId: id,
    orderId: id,
    sellerId: id,
    winnerId: id,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    amount: { type: 'string', pattern: '^[0-9]{1,20}$' },
    code: { type: 'string', minLength: 1, maxLength: 128 },
    reason: { type: 'string', maxLength: 2000 },
    failedAt: { type: 'string', minLength: 1 },
    next: { enum: ['SECOND_CHANCE_OFFERED', 'RELISTED', 'CLOSED_UNSOLD'] },
    relistedAsLotId: id,
  },
} as const;

/** Schema of SecondChanceOffered's `data`. */
export const SecondChanceOfferedSchema = {
  $id: 'lot.SecondChanceOffered.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'winnerId', 'bidderId', 'title', 'amount', 'offeredAt', 'expiresAt'],
  properties: {
    lotId: id,
    sellerId: id,
    winnerId: id,
    bidderId: id,
    title,
    amount: minorUnits,
    offeredAt: time,
    expiresAt: time,
  },
} as const;

/** Schema of SecondChanceAccepted's `data` (the orchestrator starts the runner-up's order from it). */
export const SecondChanceAcceptedSchema = {
  $id: 'lot.SecondChanceAccepted.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'bidderId', 'sku', 'title', 'amount', 'address', 'acceptedAt'],
  properties: {
    lotId: id,
    sellerId: id,
    bidderId: id,
    sku: id,
    title,
    amount: minorUnits,
    // As AuctionClosed's: delivery checks it (a refused address fails the order like the winner's).
    address: { type: 'object' },
    acceptedAt: time,
  },
} as const;

/** Schema of SecondChanceEnded's `data`. */
export const SecondChanceEndedSchema = {
  $id: 'lot.SecondChanceEnded.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'bidderId', 'title', 'amount', 'outcome', 'endedAt'],
  properties: {
    lotId: id,
    sellerId: id,
    bidderId: id,
    title,
    amount: minorUnits,
    outcome: { enum: ['DECLINED', 'EXPIRED', 'COMPLETED', 'FAILED'] },
    orderId: id,
    code: { type: 'string', minLength: 1, maxLength: 128 },
    reason: { type: 'string', maxLength: 2000 },
    next: fallback,
    relistedAsLotId: id,
    endedAt: time,
  },
} as const;

/** Schema of AllowanceReleased's `data`. */
export const AllowanceReleasedSchema = {
  $id: 'lot.AllowanceReleased.v1',
  type: 'object',
  required: ['lotId', 'bidderId', 'holdIds', 'reason'],
  properties: {
    lotId: id,
    bidderId: id,
    holdIds: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', minLength: 1, maxLength: 255 },
    },
    reason: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

/** Schema of LotCreated's `data` (the alerter announces the lot, the search index puts it). */
export const LotCreatedSchema = {
  $id: 'lot.LotCreated.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'title', 'description', 'sku', 'startPrice', 'endsAt'],
  properties: {
    lotId: id,
    sellerId: id,
    title,
    description: { type: 'string', maxLength: 5000 },
    sku: id,
    startPrice: price,
    reservePrice: price,
    buyNowPrice: price,
    endsAt: time,
  },
} as const satisfies DataSchema<LotCreatedData>;

/** Schema of Outbid's `data` (notification tells the bidder whose lead was taken). */
export const OutbidSchema = {
  $id: 'lot.Outbid.v1',
  type: 'object',
  required: ['lotId', 'userId', 'previousAmount', 'newAmount'],
  properties: { lotId: id, userId: id, previousAmount: minorUnits, newAmount: minorUnits },
} as const satisfies DataSchema<OutbidData>;

/** Schema of AuctionExtended's `data` (soft close moved the end). */
export const AuctionExtendedSchema = {
  $id: 'lot.AuctionExtended.v1',
  type: 'object',
  required: ['lotId', 'previousEndsAt', 'endsAt', 'byBidId'],
  properties: {
    lotId: id,
    previousEndsAt: time,
    endsAt: time,
    byBidId: { type: 'string', minLength: 1, maxLength: 255 },
  },
} as const satisfies DataSchema<AuctionExtendedData>;
