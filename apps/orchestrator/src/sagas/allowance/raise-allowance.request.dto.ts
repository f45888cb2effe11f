import { IsBoolean, IsOptional } from 'class-validator';
import { IsMinorAmount, IsPartyId, IsStartId } from '../api/request-fields';

/** POST /allowances: the allowanceId is the BidAllowance saga's id. */
export class RaiseAllowanceRequestDto {
  @IsStartId('allowanceId')
  allowanceId: string;

  @IsPartyId('lotId')
  lotId: string;

  @IsPartyId('bidderId')
  bidderId: string;

  /** The raise: integer minor units held on top of the bidder's allowance on the lot. */
  @IsMinorAmount('amount')
  amount: number;

  @IsOptional()
  @IsBoolean({ message: 'keepWhenOutbid must be a boolean' })
  keepWhenOutbid?: boolean;
}
