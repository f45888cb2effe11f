import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';
import type { SagaStatus } from '@app/saga';

export const SAGA_STATUSES: readonly SagaStatus[] = [
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'ABORTED',
];

/** open: sagas with an open incident (a command unanswered past its threshold), newest incident first. */
export const INCIDENT_FILTERS = ['open'] as const;

export class ListSagasRequestDto extends PageQueryDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'type must be a saga type such as Order' })
  type?: string;

  @IsOptional()
  @IsIn(SAGA_STATUSES, { message: `status must be one of ${SAGA_STATUSES.join(', ')}` })
  status?: SagaStatus;

  @IsOptional()
  @IsIn(INCIDENT_FILTERS, { message: `incident must be one of ${INCIDENT_FILTERS.join(', ')}` })
  incident?: 'open';

  override limit = 50;
  override offset = 0;
}
