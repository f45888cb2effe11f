/**
 * JSON schemas (ajv) of the events this service consumes whose contracts carry no schema yet. The
 * consumer dead-letters a message whose `data` does not match. Extra fields are allowed (forward
 * compatible producers).
 */
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

export const OutbidSchema = {
  $id: 'notification:lot.Outbid.v1',
  type: 'object',
  required: ['lotId', 'userId', 'previousAmount', 'newAmount'],
  properties: { lotId: id, userId: id, previousAmount: minorUnits, newAmount: minorUnits },
} as const;
