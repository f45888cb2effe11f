import type { JSONSchemaType } from 'ajv';
import type { ReleaseWithdrawalData } from '@app/contracts';
import { UUID } from '../place-hold/place-hold.schema';

export const ReleaseWithdrawalSchema: JSONSchemaType<ReleaseWithdrawalData> = {
  type: 'object',
  required: ['withdrawalId', 'forwardCommandId'],
  properties: { withdrawalId: UUID, forwardCommandId: { type: 'string', minLength: 1, maxLength: 255 } },
};
