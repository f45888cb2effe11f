import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminRoleGuard } from '../../api/admin-role.guard';
import type { LedgerReconciliationReport } from '../../domain/ledger-reconciliation';
import { runLedgerReconciliation } from './reconcile-ledger';
import { ReconcileLedgerRequestDto } from './reconcile-ledger.request.dto';

/**
 * `GET /ledger/reconciliation?limit=100` (operators: `x-gavel-role: admin`; the gateway serves it as
 * GET /admin/ledger/reconciliation): the journal's checks and every projection that differs from it.
 * Read-only; `ok: false` when any check fails.
 */
@Controller('ledger')
@UseGuards(AdminRoleGuard)
export class ReconcileLedgerHttpController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('reconciliation')
  reconcile(@Query() q: ReconcileLedgerRequestDto): Promise<LedgerReconciliationReport> {
    return runLedgerReconciliation(this.dataSource, q.limit);
  }
}
