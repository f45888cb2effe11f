/**
 * Reconciles every saga's recorded step outcomes with the participants' command logs, through the
 * orchestrator's GET /reconciliation (docs/orchestrator.md, "Reconciliation").
 *
 *   npm run reconcile -- [--since 2h|ISO] [--saga-type Order] [--saga-id <id>] [--limit N] [--grace 60s] [--json]
 *
 * The orchestrator is GAVEL_ORCHESTRATOR_URL (default http://127.0.0.1:$GAVEL_ORCHESTRATOR_PORT, 18081).
 * Exit code: 0 the histories agree with the participants, 1 there are disagreements, 2 the check is
 * incomplete (a participant could not be asked, or the orchestrator could not be reached).
 */

interface Disagreement {
  sagaId: string;
  sagaType: string;
  sagaStatus?: string;
  step: string;
  phase: string;
  commandId: string;
  participant: string;
  history: string;
  participantOutcome: string;
  kind: string;
}

interface Report {
  checkedSagas: number;
  checkedCommands: number;
  disagreements: Disagreement[];
  unreachable: { participant: string; reason: string; uncheckedCommands?: number }[];
  complete: boolean;
  truncated?: boolean;
  at: string;
}

const OPTIONS: Record<string, string> = {
  since: 'since',
  'saga-type': 'sagaType',
  'saga-id': 'sagaId',
  limit: 'limit',
  grace: 'grace',
};

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function orchestratorUrl(): string {
  const url =
    process.env.GAVEL_ORCHESTRATOR_URL || `http://127.0.0.1:${process.env.GAVEL_ORCHESTRATOR_PORT || 18081}`;
  return url.replace(/\/+$/, '');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function print(report: Report): void {
  if (report.disagreements.length > 0) {
    const header = [
      'SAGA',
      'TYPE',
      'STATUS',
      'STEP',
      'PHASE',
      'PARTICIPANT',
      'HISTORY',
      'PARTICIPANT LOG',
      'KIND',
      'COMMAND',
    ];
    const rows = report.disagreements.map((d) => [
      d.sagaId,
      d.sagaType,
      d.sagaStatus ?? '-',
      d.step,
      d.phase,
      d.participant,
      d.history,
      d.participantOutcome,
      d.kind,
      d.commandId,
    ]);
    process.stdout.write(`${table([header, ...rows])}\n\n`);
  }
  for (const u of report.unreachable) {
    process.stdout.write(
      `unreachable: ${u.participant} (${u.uncheckedCommands ?? '?'} commands not checked): ${u.reason}\n`,
    );
  }
  const verdict = !report.complete
    ? 'INCOMPLETE'
    : report.disagreements.length > 0
      ? 'DISAGREEMENTS'
      : 'agree';
  process.stdout.write(
    `${report.at}: ${report.checkedSagas} sagas, ${report.checkedCommands} commands checked; ` +
      `${report.disagreements.length} disagreements${report.truncated ? ' (stopped at --limit)' : ''}: ${verdict}\n`,
  );
}

async function main(): Promise<void> {
  const query = new URLSearchParams();
  for (const [flag, param] of Object.entries(OPTIONS)) {
    const value = option(flag);
    if (value !== undefined) query.set(param, value);
  }
  const url = `${orchestratorUrl()}/reconciliation${query.size > 0 ? `?${query}` : ''}`;
  const res = await fetch(url, { headers: { accept: 'application/json', 'x-gavel-role': 'admin' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text}`);
  const report = JSON.parse(text) as Report;
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else print(report);
  process.exitCode = report.disagreements.length > 0 ? 1 : report.complete ? 0 : 2;
}

main().catch((e: Error) => {
  process.stderr.write(`reconcile: ${e.message}\n`);
  process.exitCode = 2;
});
