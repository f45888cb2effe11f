import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DeliveryAddressDto, MAX_ORDER_AMOUNT_MINOR } from '../order/place-order.request.dto';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class PlaceBidRequestDto {
  @IsUUID('all', { message: 'bidId must be a UUID' })
  bidId: string;

  @Matches(ID, { message: 'lotId must be 1-64 characters of letters, digits, _ or -' })
  lotId: string;

  @Matches(ID, { message: 'bidderId must be 1-64 characters of letters, digits, _ or -' })
  bidderId: string;

  /** Integer minor units. */
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_ORDER_AMOUNT_MINOR, { message: `amount must be at most ${MAX_ORDER_AMOUNT_MINOR}` })
  amount: number;

  /** Proxy bidding: the most the bidder will pay; the hold covers it. */
  @IsOptional()
  @IsInt({ message: 'maxAmount must be an integer number of minor units' })
  @Min(1, { message: 'maxAmount must be positive' })
  @Max(MAX_ORDER_AMOUNT_MINOR, { message: `maxAmount must be at most ${MAX_ORDER_AMOUNT_MINOR}` })
  maxAmount?: number;

  /** The delivery address used if this bid wins. */
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => DeliveryAddressDto)
  address?: DeliveryAddressDto;
}
