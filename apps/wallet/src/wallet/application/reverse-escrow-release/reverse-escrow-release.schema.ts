import type { JSONSchemaType } from 'ajv';
import type { ReverseEscrowReleaseData } from '@app/contracts';
import { UUID } from '../place-hold/place-hold.schema';

export const ReverseEscrowReleaseSchema: JSONSchemaType<ReverseEscrowReleaseData> = {
  type: 'object',
  required: ['forwardCommandId'],
  properties: {
    forwardCommandId: { type: 'string', minLength: 1, maxLength: 255 },
    holdId: { ...UUID, nullable: true },
  },
};
