import { IsInt, Max, Min } from 'class-validator';
import { MAX_ON_HAND } from '../../domain/stock';

export class AdjustStockRequestDto {
  /** The new absolute stock level (a count after a stock-take or a delivery from the seller). */
  @IsInt({ message: 'onHand must be an integer number of units' })
  @Min(0, { message: 'onHand cannot be negative' })
  @Max(MAX_ON_HAND, { message: `onHand must be at most ${MAX_ON_HAND}` })
  onHand: number;
}
