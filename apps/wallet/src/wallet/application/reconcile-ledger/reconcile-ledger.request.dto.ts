import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReconcileLedgerRequestDto {
  /** List at most this many users whose projections differ (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(10_000, { message: 'limit must be at most 10000' })
  limit?: number;
}
