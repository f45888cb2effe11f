import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsMinorAmount, IsPartyId, IsStartId } from '../api/request-fields';
import { DeliveryAddressDto } from '../order/place-order.request.dto';

export class PlaceBidRequestDto {
  @IsStartId('bidId')
  bidId: string;

  @IsPartyId('lotId')
  lotId: string;

  @IsPartyId('bidderId')
  bidderId: string;

  /** Integer minor units. */
  @IsMinorAmount('amount')
  amount: number;

  /** Proxy bidding: the most the bidder will pay; the hold covers it. */
  @IsOptional()
  @IsMinorAmount('maxAmount')
  maxAmount?: number;

  /** The delivery address used if this bid wins. */
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => DeliveryAddressDto)
  address?: DeliveryAddressDto;
}
