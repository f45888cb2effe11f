import type { DataSource } from 'typeorm';
import {
  LedgerReconciliationReport,
  projectionDifferences,
  reconcileLedger,
} from '../../domain/ledger-reconciliation';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerReconciliationReader } from '../../infrastructure/ledger-reconciliation.reader';

/** Users listed with their differences at most (the report says when more differ). */
export const DEFAULT_DIFFERENCE_LIMIT = 100;

/**
 * Recomputes every projection from the journal and checks the journal against the facts beside it,
 * in one read-only REPEATABLE READ snapshot (sagas may keep running). Served by GET
 * /ledger/reconciliation and by the CLI `node dist/apps/wallet/src/reconcile-ledger.js`.
 */
export function runLedgerReconciliation(
  dataSource: DataSource,
  limit = DEFAULT_DIFFERENCE_LIMIT,
): Promise<LedgerReconciliationReport> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    const totals = await LedgerReconciliationReader.totals(manager);
    const facts = await LedgerReconciliationReader.facts(manager);
    const users = await LedgerReconciliationReader.differingUsers(manager, limit);
    return reconcileLedger({
      totals,
      facts,
      differences: users.rows.flatMap(projectionDifferences),
      truncated: users.truncated,
      currency: WALLET_CURRENCY,
      at: new Date(),
    });
  });
}
