import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Long polling: `?waitMs=N` holds the answer until the resource settles or N ms pass (0 = answer now). */
export class WaitQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'waitMs must be an integer number of milliseconds' })
  @Min(0, { message: 'waitMs must be at least 0' })
  @Max(30_000, { message: 'waitMs must be at most 30000' })
  waitMs = 0;
}
