/** JSON schema of AuctionClosed's data, as far as the orchestrator relies on it. */
export const AuctionClosedSchema = {
  type: 'object',
  required: ['lotId', 'sellerId', 'sku', 'outcome'],
  properties: {
    lotId: { type: 'string', minLength: 1, maxLength: 64 },
    sellerId: { type: 'string', minLength: 1, maxLength: 64 },
    sku: { type: 'string', minLength: 1, maxLength: 64 },
    outcome: { enum: ['SOLD', 'UNSOLD'] },
    winnerId: { type: 'string', minLength: 1, maxLength: 64 },
    amount: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' },
    holdId: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;
