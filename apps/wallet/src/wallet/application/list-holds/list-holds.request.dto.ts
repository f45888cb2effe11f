import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { HOLD_STATUSES, HoldStatus } from '../../domain/hold';

export class ListHoldsRequestDto {
  @IsOptional()
  @IsIn(HOLD_STATUSES, { message: `status must be one of ${HOLD_STATUSES.join(', ')}` })
  status?: HoldStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;
}
