import type { JSONSchemaType } from 'ajv';
import { MAX_FEE_BPS } from '@app/common';
import type { ReleaseEscrowToSellerData } from '@app/contracts';
import { REFERENCE, USER_ID, UUID } from '../place-hold/place-hold.schema';

export const ReleaseEscrowToSellerSchema: JSONSchemaType<ReleaseEscrowToSellerData> = {
  type: 'object',
  required: ['holdId', 'sellerId', 'reference'],
  properties: {
    holdId: UUID,
    sellerId: USER_ID,
    reference: REFERENCE,
    feeBps: { type: 'integer', minimum: 0, maximum: MAX_FEE_BPS, nullable: true },
  },
};
