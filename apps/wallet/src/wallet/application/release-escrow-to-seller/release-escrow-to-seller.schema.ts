import type { JSONSchemaType } from 'ajv';
import type { ReleaseEscrowToSellerData } from '@app/contracts';
import { REFERENCE, USER_ID, UUID } from '../place-hold/place-hold.schema';

export const ReleaseEscrowToSellerSchema: JSONSchemaType<ReleaseEscrowToSellerData> = {
  type: 'object',
  required: ['holdId', 'sellerId', 'reference'],
  properties: { holdId: UUID, sellerId: USER_ID, reference: REFERENCE },
};
