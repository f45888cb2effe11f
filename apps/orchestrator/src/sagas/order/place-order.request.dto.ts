import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = 'must be 1-64 characters of letters, digits, _ or -';
/** 10,000,000.00 in minor units: far above any lot, far below Number.MAX_SAFE_INTEGER. */
export const MAX_ORDER_AMOUNT_MINOR = 1_000_000_000;
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
  @IsUUID('all', { message: 'orderId must be a UUID' })
  orderId: string;

  @Matches(ID, { message: `buyerId ${ID_MESSAGE}` })
  buyerId: string;

  @Matches(ID, { message: `sellerId ${ID_MESSAGE}` })
  sellerId: string;

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sku must be 1-64 characters of letters, digits, ., _ or -' })
  sku: string;

  @IsInt({ message: 'quantity must be an integer' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_ORDER_QUANTITY, { message: `quantity must be at most ${MAX_ORDER_QUANTITY}` })
  quantity: number;

  /** Integer minor units. */
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_ORDER_AMOUNT_MINOR, { message: `amount must be at most ${MAX_ORDER_AMOUNT_MINOR}` })
  amount: number;

  @IsDefined({ message: 'address is required' })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => DeliveryAddressDto)
  address: DeliveryAddressDto;
}
