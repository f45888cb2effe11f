/**
 * Reconciles the wallet's projections with its journal, straight on the wallet's database (the wallet
 * service need not run): the same checks as GET /ledger/reconciliation (docs/money.md).
 *
 *   node dist/apps/wallet/src/reconcile-ledger.js [--limit 100] [--json]     (npm run reconcile:ledger)
 *
 * Database settings as the wallet's (GAVEL_WALLET_DB, GAVEL_PG_HOST, ...). Exit code: 0 every check
 * holds, 1 a check failed, 2 the reconciliation could not run.
 */
import { DataSource } from 'typeorm';
import { walletDataSourceOptions } from './database/data-source';
import { runLedgerReconciliation } from './wallet/application/reconcile-ledger/reconcile-ledger';
import type { LedgerReconciliationReport } from './wallet/domain/ledger-reconciliation';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function print(report: LedgerReconciliationReport): void {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`${report.at}: ${report.entries} entries in ${report.currency}`);
  for (const [account, balance] of Object.entries(report.accounts)) out(`  ${account.padEnd(16)} ${balance}`);
  for (const c of report.checks)
    out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: expected ${c.expected || '-'}, found ${c.actual || '-'}`);
  for (const d of report.differences)
    out(`  ${d.userId}: ${d.projection} is ${d.projected}, the journal says ${d.journal}`);
  for (const u of report.unbalancedEntries) out(`  entry ${u.entryId} is off by ${u.sum}`);
  if (report.truncated) out('  (more users differ than listed: raise --limit)');
  out(report.ok ? 'the ledger reconciles' : 'DIFFERENCES');
}

async function main(): Promise<void> {
  const dataSource = new DataSource(walletDataSourceOptions());
  await dataSource.initialize();
  try {
    const limit = option('limit');
    const report = await runLedgerReconciliation(dataSource, limit ? Number(limit) : undefined);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else print(report);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`reconcile-ledger: ${e.message}\n`);
  process.exitCode = 2;
});
