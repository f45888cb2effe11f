import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_ON_HAND, SELLER_ID_PATTERN, SKU_PATTERN } from '../../domain/stock';
import { SKU_MESSAGE } from '../../api/sku.param';

export class CreateItemRequestDto {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku: string;

  @IsString({ message: 'title must be a string' })
  @Length(1, 200, { message: 'title must be 1-200 characters' })
  title: string;

  @Matches(SELLER_ID_PATTERN, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId: string;

  @IsInt({ message: 'onHand must be an integer number of units' })
  @Min(0, { message: 'onHand cannot be negative' })
  @Max(MAX_ON_HAND, { message: `onHand must be at most ${MAX_ON_HAND}` })
  onHand: number;
}
