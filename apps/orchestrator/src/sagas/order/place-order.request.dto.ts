import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsMinorAmount, IsPartyId, IsStartId } from '../api/request-fields';

export const MAX_ORDER_QUANTITY = 10_000;

export class DeliveryAddressDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsString()
  @Length(1, 200)
  line1: string;

  @IsString()
  @Length(1, 100)
  city: string;

  @IsString()
  @Length(1, 20)
  postcode: string;

  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country: string;
}

export class PlaceOrderRequestDto {
  @IsStartId('orderId')
  orderId: string;

  @IsPartyId('buyerId')
  buyerId: string;

  @IsPartyId('sellerId')
  sellerId: string;

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sku must be 1-64 characters of letters, digits, ., _ or -' })
  sku: string;

  @IsInt({ message: 'quantity must be an integer' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_ORDER_QUANTITY, { message: `quantity must be at most ${MAX_ORDER_QUANTITY}` })
  quantity: number;

  /** Integer minor units. */
  @IsMinorAmount('amount')
  amount: number;

  @IsDefined({ message: 'address is required' })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => DeliveryAddressDto)
  address: DeliveryAddressDto;
}
