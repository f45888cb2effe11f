const minorUnits = { type: 'string', pattern: '^[0-9]{1,18}$' } as const;

/** What the alerter needs of `LotCreated` (other fields are allowed and ignored). */
export const LotCreatedSchema = {
  type: 'object',
  required: ['lotId', 'title', 'startPrice', 'endsAt'],
  properties: {
    lotId: { type: 'string', minLength: 1, maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: 1000 },
    startPrice: minorUnits,
    buyNowPrice: minorUnits,
    endsAt: { type: 'string', minLength: 10, maxLength: 40 },
  },
} as const;
