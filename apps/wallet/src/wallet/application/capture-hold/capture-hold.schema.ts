import type { JSONSchemaType } from 'ajv';
import type { CaptureHoldData } from '@app/contracts';
import { REFERENCE, UUID } from '../place-hold/place-hold.schema';

export const CaptureHoldSchema: JSONSchemaType<CaptureHoldData> = {
  type: 'object',
  required: ['holdId', 'reference'],
  properties: { holdId: UUID, reference: REFERENCE },
};
