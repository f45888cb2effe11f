/**
 * JSON schemas (ajv) of the events this service consumes whose contracts carry no schema yet. The
 * consumer dead-letters a message whose `data` does not match. Extra fields are allowed (forward
 * compatible producers).
 */
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

export const SagaCompensationFailedSchema = {
  $id: 'notification:order.SagaCompensationFailed.v1',
  type: 'object',
  required: ['sagaId', 'sagaType', 'step', 'reason'],
  properties: {
    sagaId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaType: { type: 'string', minLength: 1, maxLength: 64 },
    step: { type: 'string', minLength: 1, maxLength: 64 },
    reason: { type: 'string', maxLength: 2000 },
    orderId: id,
    buyerId: id,
  },
} as const;

export const OutbidSchema = {
  $id: 'notification:lot.Outbid.v1',
  type: 'object',
  required: ['lotId', 'userId', 'previousAmount', 'newAmount'],
  properties: { lotId: id, userId: id, previousAmount: minorUnits, newAmount: minorUnits },
} as const;

export const AuctionClosedSchema = {
  $id: 'notification:lot.AuctionClosed.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'title', 'outcome', 'closedAt'],
  properties: {
    lotId: id,
    sellerId: id,
    sku: { type: 'string', maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    outcome: { enum: ['SOLD', 'UNSOLD'] },
    reason: { type: 'string', maxLength: 200 },
    winnerId: id,
    amount: minorUnits,
    holdId: { type: 'string', maxLength: 255 },
    closedAt: { type: 'string', minLength: 1 },
    buyNow: { type: 'boolean' },
  },
  // A sale names its winner and price.
  if: { properties: { outcome: { const: 'SOLD' } } },
  then: { required: ['winnerId', 'amount'] },
} as const;
