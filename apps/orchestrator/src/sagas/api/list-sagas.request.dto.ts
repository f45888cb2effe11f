import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { SagaStatus } from '@app/saga';

export const SAGA_STATUSES: readonly SagaStatus[] = [
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'ABORTED',
];

export class ListSagasRequestDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'type must be a saga type such as Order' })
  type?: string;

  @IsOptional()
  @IsIn(SAGA_STATUSES, { message: `status must be one of ${SAGA_STATUSES.join(', ')}` })
  status?: SagaStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
