import { IsIn, IsOptional, Matches } from 'class-validator';
import { WITHDRAWAL_SOURCES, WithdrawalSource } from '@app/contracts';
import { IsMinorAmount, IsPartyId, IsStartId } from '../api/request-fields';

/** POST /withdrawals: the withdrawalId is the Withdrawal saga's id. */
export class RequestWithdrawalRequestDto {
  @IsStartId('withdrawalId')
  withdrawalId: string;

  @IsPartyId('userId')
  userId: string;

  @IsMinorAmount('amount')
  amount: number;

  @IsOptional()
  @IsIn(WITHDRAWAL_SOURCES, { message: `source must be one of ${WITHDRAWAL_SOURCES.join(', ')}` })
  source?: WithdrawalSource;

  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'toAddress must be a 0x-prefixed 20-byte hex address' })
  toAddress: string;
}
