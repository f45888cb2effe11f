import { IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { SELLER_ID_PATTERN } from '../../domain/stock';

export class ListItemsRequestDto extends PageQueryDto {
  @IsOptional()
  @Matches(SELLER_ID_PATTERN, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId?: string;
}
