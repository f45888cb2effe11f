import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?waitMs=N`: long polling. The answer is held until the resource is no longer PENDING, or N ms pass. */
export class WaitQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 30000, default: 0, description: 'Hold the answer until it settles, at most this many ms' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'waitMs must be an integer number of milliseconds' })
  @Min(0, { message: 'waitMs must be at least 0' })
  @Max(30_000, { message: 'waitMs must be at most 30000' })
  waitMs = 0;
}

/** The upstream call waits `waitMs`, so its deadline is that plus the usual one. */
export const longPollQuery = (waitMs: number): { query?: Record<string, string> } => (waitMs > 0 ? { query: { waitMs: String(waitMs) } } : {});
