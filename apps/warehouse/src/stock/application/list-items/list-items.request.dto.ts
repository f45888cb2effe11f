import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SELLER_ID_PATTERN } from '../../domain/stock';

export class ListItemsRequestDto {
  @IsOptional()
  @Matches(SELLER_ID_PATTERN, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  offset?: number;
}
