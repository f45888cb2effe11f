import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_SOFT_CLOSE_S, MONEY_PATTERN, SKU_PATTERN } from '../../domain/lot';
import { ON_FAILED_SALE_OPTIONS, OnFailedSale } from '../../domain/second-chance';
import { MONEY_MESSAGE, MoneyInput } from '../../api/money';

export class IncrementDto {
  @IsIn(['absolute', 'percent'], { message: 'increment.kind must be absolute or percent' })
  kind: 'absolute' | 'percent';

  /** Minor units for `absolute` (string or integer), 1..100 for `percent`; checked by the domain rules. */
  @IsDefined({ message: 'increment.value is required' })
  value: string | number;
}

export class CreateLotRequestDto {
  @IsString()
  @Length(1, 200, { message: 'title must be 1-200 characters' })
  title: string;

  @IsString()
  @Length(0, 5000, { message: 'description must be at most 5000 characters' })
  description: string;

  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 characters of letters, digits, _, . or -' })
  sku: string;

  @MoneyInput()
  @Matches(MONEY_PATTERN, { message: `startPrice ${MONEY_MESSAGE}` })
  startPrice: string;

  @ValidateNested()
  @Type(() => IncrementDto)
  increment: IncrementDto;

  @IsOptional()
  @MoneyInput()
  @Matches(MONEY_PATTERN, { message: `reservePrice ${MONEY_MESSAGE}` })
  reservePrice?: string;

  @IsOptional()
  @MoneyInput()
  @Matches(MONEY_PATTERN, { message: `buyNowPrice ${MONEY_MESSAGE}` })
  buyNowPrice?: string;

  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 time' })
  endsAt: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SOFT_CLOSE_S)
  softCloseWindowS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SOFT_CLOSE_S)
  softCloseExtensionS?: number;

  /** Default second_chance_then_close. */
  @IsOptional()
  @IsIn(ON_FAILED_SALE_OPTIONS, {
    message: `onFailedSale must be one of ${ON_FAILED_SALE_OPTIONS.join(', ')}`,
  })
  onFailedSale?: OnFailedSale;
}
