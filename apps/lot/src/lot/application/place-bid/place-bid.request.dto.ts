import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import type { DeliveryAddress } from '@app/contracts';
import { MONEY_MESSAGE, MoneyInput } from '../../api/money';
import { MONEY_PATTERN, USER_ID_PATTERN } from '../../domain/lot';

/** POST /lots/:id/bids (internal: the gateway authenticated the bidder and derived bidId from the Idempotency-Key). */
export class PlaceBidRequestDto {
  @IsString()
  @Length(1, 200, { message: 'bidId must be 1-200 characters' })
  bidId: string;

  @Matches(USER_ID_PATTERN, { message: 'bidderId must be 1-64 characters of letters, digits, _ or -' })
  bidderId: string;

  @MoneyInput()
  @Matches(MONEY_PATTERN, { message: `amount ${MONEY_MESSAGE}` })
  amount: string;

  @IsOptional()
  @MoneyInput()
  @Matches(MONEY_PATTERN, { message: `maxAmount ${MONEY_MESSAGE}` })
  maxAmount?: string;

  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  address?: DeliveryAddress;
}

/** One bid of POST /bids/batch: a single bid's body and its lot. */
export class PlaceBidItemDto extends PlaceBidRequestDto {
  @IsString()
  @Length(1, 100, { message: 'lotId must be 1-100 characters' })
  lotId: string;
}

/** POST /bids/batch (internal: the gateway's batches); each item is checked on its own (PlaceBidItemDto). */
export class PlaceBidsRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(256)
  bids: unknown[];
}
