import type { JSONSchemaType } from 'ajv';
import { HoldWithdrawalData, WITHDRAWAL_SOURCES, WithdrawalRef } from '@app/contracts';
import { POSITIVE_MINOR_UNITS, USER_ID, UUID } from '../place-hold/place-hold.schema';

export const HoldWithdrawalSchema: JSONSchemaType<HoldWithdrawalData> = {
  type: 'object',
  required: ['withdrawalId', 'userId', 'amount', 'source', 'toAddress'],
  properties: {
    withdrawalId: UUID,
    userId: USER_ID,
    amount: POSITIVE_MINOR_UNITS,
    source: { type: 'string', enum: [...WITHDRAWAL_SOURCES] },
    toAddress: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
  },
};

/** sendWithdrawal, confirmWithdrawal, settleWithdrawal: the withdrawal is all they name. */
export const WithdrawalRefSchema: JSONSchemaType<WithdrawalRef> = {
  type: 'object',
  required: ['withdrawalId'],
  properties: { withdrawalId: UUID },
};
