import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DomainError } from '@app/common';
import { AdminRoleGuard } from '../../sagas/api/admin-role.guard';
import { ReconciliationReport, ReconciliationService } from '../application/reconciliation.service';
import {
  DEFAULT_GRACE_MS,
  durationMs,
  ReconciliationRequestDto,
  sinceTime,
} from './reconciliation.request.dto';

/**
 * `GET /reconciliation?since=2h&sagaType=Order&limit=&grace=60s`: every saga's recorded step outcomes
 * against the participants' command logs (operators: `x-gavel-role: admin`; the gateway serves it as
 * GET /admin/reconciliation). Read-only; it may take a while on a large store.
 */
@Controller('reconciliation')
@UseGuards(AdminRoleGuard)
export class ReconciliationHttpController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get()
  run(@Query() q: ReconciliationRequestDto): Promise<ReconciliationReport> {
    const since = q.since === undefined ? undefined : sinceTime(q.since, new Date());
    if (since && Number.isNaN(since.getTime())) {
      throw new DomainError('REQUEST.INVALID', `since is not a valid time: ${q.since}`, 'validation');
    }
    return this.reconciliation.reconcile({
      since,
      sagaType: q.sagaType,
      sagaId: q.sagaId,
      limit: q.limit,
      graceMs: q.grace === undefined ? DEFAULT_GRACE_MS : (durationMs(q.grace) ?? DEFAULT_GRACE_MS),
    });
  }
}
