import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `?limit=&offset=` of every list endpoint. Both optional here; a subclass may give defaults
 * (`limit = 50`) and keeps these checks.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;

  /** At most 1,000,000: a float like 1e308 is an "integer" to JavaScript but no SQL OFFSET. */
  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0, { message: 'offset must be at least 0' })
  @Max(1_000_000, { message: 'offset must be at most 1000000' })
  offset?: number;
}

/** `?waitMs=N`: long polling. The answer is held until the resource is no longer PENDING, or N ms pass. */
export class WaitQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 30000,
    default: 0,
    description: 'Hold the answer until it settles, at most this many ms',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'waitMs must be an integer number of milliseconds' })
  @Min(0, { message: 'waitMs must be at least 0' })
  @Max(30_000, { message: 'waitMs must be at most 30000' })
  waitMs = 0;
}
