/**
 * Writes bench/results/REPORT.md from the JSON results in bench/results/ (bids, order sagas with the
 * PostgreSQL ceiling, CDC lag, CPU and RSS per process, faults, outages, fuzzing), each with the command that
 * produced it. `scripts/bench.sh` runs the scenarios, then this, then the PNG chart.
 *
 *   npm run -s build && node dist/bench/report.js
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS } from './support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function load(file: string): Json | undefined {
  const p = path.join(RESULTS, file);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Json) : undefined;
}

const num = (x: unknown, digits = 1): string => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return 'n/a';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
};
const ms = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? `${num(x, 0)} ms` : 'n/a');
const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [
  row(head),
  row(head.map(() => '---')),
  ...rows.map(row),
];
/** `{a: 2, b: 1}` → `a ×2, b ×1` (statuses, outcomes). */
const tally = (counts: Json | undefined): string =>
  Object.entries(counts ?? {})
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
const when = (r: Json | undefined): string => (r?.measured_at ?? r?.at ?? 'unknown').toString();
const cmd = (r: Json | undefined): string[] =>
  r?.command ? ['', `Command: \`${r.command}\` — measured ${when(r)}.`] : [];

function summary(bids?: Json, order?: Json, cdc?: Json, faults?: Json, fuzz?: Json, outage?: Json): string[] {
  const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');
  const rows: string[][] = [];
  if (bids) {
    rows.push([
      `bid decisions/s (${num(bids.closed_loop?.connections, 0)} connections, ${num(bids.lots, 0)} lots)`,
      num(bids.bids_per_s),
      '≥ 1,000',
      verdict(bids.bids_per_s >= 1000),
    ]);
    rows.push([
      `bid p95 at half rate (${num(bids.open_loop?.rate_per_s, 0)}/s)`,
      ms(bids.p95_ms),
      '< 100 ms',
      verdict(bids.p95_ms < 100),
    ]);
    rows.push([
      'bid commit → watcher p95 at half rate',
      ms(bids.ws_p95_ms),
      '< 200 ms',
      verdict(bids.ws_p95_ms < 200),
    ]);
    rows.push(['bid 5xx answers', num(bids.errors_5xx, 0), '0', verdict(bids.errors_5xx === 0)]);
  }
  if (order)
    rows.push([
      'order sagas/s (saturation)',
      num(order.sagas_per_s),
      '≥ 250',
      verdict(order.sagas_per_s >= 250),
    ]);
  if (order) rows.push(['order saga p95 at half rate', ms(order.p95_ms), '—', '—']);
  if (order)
    rows.push([
      'saga commits/s ÷ pgbench commits/s',
      num(order.ceiling_ratio, 3),
      '≥ 0.4',
      verdict(order.ceiling_ratio >= 0.4),
    ]);
  if (cdc) rows.push(['CDC commit → consumer p95', ms(cdc.p95_ms), '—', '—']);
  if (faults)
    rows.push([
      'fault-injection violations',
      `${num(faults.violations, 0)} over ${num(faults.sagas, 0)} sagas`,
      '0 over ≥ 10,000',
      verdict(faults.violations === 0 && faults.sagas >= 10000),
    ]);
  if (faults)
    rows.push([
      'slowest fault recovery (its in-flight sagas all ended)',
      `${num(faults.max_recovery_s)} s`,
      '≤ 60 s',
      verdict(faults.max_recovery_s <= 60),
    ]);
  if (outage) {
    const clean =
      outage.violations === 0 &&
      outage.stuck === 0 &&
      outage.compensation_failed === 0 &&
      outage.disagreements === 0;
    rows.push([
      'outages: violations / stuck / COMPENSATION_FAILED / disagreements',
      [outage.violations, outage.stuck, outage.compensation_failed, outage.disagreements]
        .map((n) => num(n, 0))
        .join(' / ') +
        ` over ${num(outage.sagas, 0)} sagas, each participant down up to ${num(outage.outage_s_max)} s`,
      '0 / 0 / 0 / 0, outages ≥ 300 s',
      verdict(clean && outage.outage_s_max >= 300),
    ]);
  }
  if (fuzz)
    rows.push([
      'fuzz: 5xx / schema violations',
      `${num(fuzz.server_errors, 0)} / ${num(fuzz.schema_violations, 0)} in ${num(fuzz.cases, 0)} cases`,
      '0 / 0',
      verdict(fuzz.server_errors === 0 && fuzz.schema_violations === 0),
    ]);
  return ['## Summary', '', ...table(['figure', 'measured', 'goal', ''], rows)];
}

function bidsSection(b?: Json): string[] {
  if (!b) return [];
  return [
    '## Bids through the gateway (`bids.json`)',
    '',
    ...table(
      [
        'closed loop',
        'decisions/s',
        'accepted/s',
        'pgbench tps',
        'open loop',
        'p50 / p95 / p99',
        'live p95 (saturated)',
        'CPU ms / decision',
        '5xx',
      ],
      [
        [
          `${num(b.closed_loop?.connections, 0)} × ${num(b.closed_loop?.duration_s, 0)} s, ${num(b.lots, 0)} lots`,
          num(b.bids_per_s),
          num(b.accepted_per_s),
          num(b.pgbench_tps, 0),
          `${num(b.open_loop?.rate_per_s, 0)}/s × ${num(b.open_loop?.duration_s, 0)} s`,
          `${ms(b.p50_ms)} / ${ms(b.p95_ms)} / ${ms(b.p99_ms)}`,
          `${ms(b.ws_p95_ms)} (${ms(b.ws_saturated_p95_ms)})`,
          num(b.cpu_ms_per_decision, 2),
          num(b.errors_5xx, 0),
        ],
      ],
    ),
    ...cmd(b),
  ];
}

function orderSection(o?: Json): string[] {
  if (!o) return [];
  const s = o.saturation ?? {};
  const outcomes = tally(s.outcomes);
  return [
    '## Order sagas and the PostgreSQL commit ceiling (`order-saga.json`)',
    '',
    ...table(
      [
        'in flight',
        'sagas/s',
        'outcomes in window',
        'p50 / p95 / p99 at half rate',
        'pgbench commits/s',
        'commits per saga',
        'ceiling ratio',
      ],
      [
        [
          num(s.concurrency, 0),
          num(o.sagas_per_s),
          outcomes,
          `${ms(o.p50_ms)} / ${ms(o.p95_ms)} / ${ms(o.p99_ms)}`,
          num(o.pg_commits_per_s, 0),
          num(o.commits_per_saga, 2),
          num(o.ceiling_ratio, 3),
        ],
      ],
    ),
    '',
    `pgbench ran in the same invocation, before the load: \`${o.pgbench?.command ?? 'n/a'}\`.`,
    ...cmd(o),
  ];
}

function cdcSection(c?: Json): string[] {
  if (!c) return [];
  return [
    '## CDC lag: commit → consumer (`cdc-latency.json`)',
    '',
    ...table(
      ['events', 'offered rate', 'p50', 'p95', 'p99', 'max', 'lost'],
      [
        [
          num(c.events, 0),
          `${num(c.offered_rate_per_s, 0)}/s`,
          ms(c.p50_ms),
          ms(c.p95_ms),
          ms(c.p99_ms),
          ms(c.max_ms),
          num(c.lost, 0),
        ],
      ],
    ),
    ...cmd(c),
  ];
}

/** One table per run: cores used and resident memory (average / peak) of every process. */
function processTable(title: string, cores: Json = {}, rss: Json = {}): string[] {
  const names = [...new Set([...Object.keys(cores), ...Object.keys(rss)])].sort(
    (a, b) => (cores[b] ?? 0) - (cores[a] ?? 0),
  );
  if (names.length === 0) return [];
  const rows = names.map((n) => [
    n,
    cores[n] === undefined ? 'n/a' : num(cores[n], 2),
    rss[n] ? `${num(rss[n].avg, 0)} / ${num(rss[n].max, 0)}` : 'n/a',
  ]);
  const total = (f: (n: string) => number): number => names.reduce((a, n) => a + (f(n) || 0), 0);
  rows.push([
    '**total**',
    num(
      total((n) => cores[n]),
      2,
    ),
    `${num(
      total((n) => rss[n]?.avg),
      0,
    )} / ${num(
      total((n) => rss[n]?.max),
      0,
    )}`,
  ]);
  return [`### ${title}`, '', ...table(['process', 'cores', 'RSS MiB avg / peak'], rows), ''];
}

function processSection(order?: Json, bids?: Json): string[] {
  const out = [
    ...processTable('At order-saga saturation', order?.saturation?.cpu_cores, order?.saturation?.rss_mib),
    ...processTable('Under the bid load', bids?.cpu_cores, bids?.rss_mib),
  ];
  if (out.length === 0) return [];
  return [
    '## CPU and RSS per process',
    '',
    'Cores from `/proc/<pid>/stat` between the ends of the measured window; RSS sampled every second in it',
    '(`VmRSS`; `postgres` is the sum of the PSS of all its processes, so shared buffers count once).',
    '',
    ...out,
  ];
}

function faultsSection(f?: Json): string[] {
  if (!f) return [];
  const outcomes = tally(f.outcomes);
  const inv = Object.entries(f.invariants ?? {}).map(([k, v]) => [k, num((v as Json).violations, 0)]);
  return [
    '## Fault injection under load (`faults.json`)',
    '',
    ...table(
      ['sagas', 'faults injected', 'outcomes', 'violations', 'max recovery'],
      [
        [
          num(f.sagas, 0),
          `${num(f.faults_injected, 0)} (${(f.faults ?? []).join(', ')})`,
          outcomes,
          num(f.violations, 0),
          `${num(f.max_recovery_s)} s`,
        ],
      ],
    ),
    '',
    ...table(['invariant', 'violations'], inv),
    ...cmd(f),
  ];
}

function outageSection(o?: Json): string[] {
  if (!o) return [];
  const inv = Object.entries(o.invariants ?? {}).map(([k, v]) => [k, num((v as Json).violations, 0)]);
  const outages = (o.outages ?? []).map((x: Json) => [
    `${x.service} ×${x.replicas}`,
    `${num(x.outage_s)} s`,
    x.inside ? `${x.inside.fault}${x.inside.error ? ' (failed)' : ''}` : '—',
    tally(x.bid_answers_while_down),
    num(x.orders_submitted_while_down, 0),
    num(x.incidents_raised_while_down, 0),
  ]);
  return [
    '## Outages under a bidding war and orders (`outage.json`)',
    '',
    ...table(
      [
        'sagas',
        'bids acknowledged',
        'longest outage',
        'replicas',
        'COMPENSATION_FAILED',
        'stuck',
        'disagreements',
        'violations',
        'incidents raised',
      ],
      [
        [
          num(o.sagas, 0),
          num(o.bids_acknowledged, 0),
          `${num(o.outage_s_max)} s`,
          num(o.replicas, 0),
          num(o.compensation_failed, 0),
          num(o.stuck, 0),
          num(o.disagreements, 0),
          num(o.violations, 0),
          num(o.incidents_raised, 0),
        ],
      ],
    ),
    '',
    ...table(
      ['down', 'for', 'inside it', 'bid answers meanwhile', 'orders meanwhile', 'incidents raised meanwhile'],
      outages,
    ),
    '',
    ...table(['invariant', 'violations'], inv),
    ...cmd(o),
  ];
}

function fuzzSection(z?: Json): string[] {
  if (!z) return [];
  return [
    '## Schema fuzzing of the gateway (`fuzz.json`)',
    '',
    ...table(
      ['cases', 'server errors (5xx)', 'response-schema violations', 'undocumented statuses'],
      [
        [
          num(z.cases, 0),
          num(z.server_errors, 0),
          num(z.schema_violations, 0),
          num(z.undocumented_statuses, 0),
        ],
      ],
    ),
    ...cmd(z),
  ];
}

export function renderReport(): string {
  const [bids, order, cdc, faults, fuzz, outage] = [
    'bids.json',
    'order-saga.json',
    'cdc-latency.json',
    'faults.json',
    'fuzz.json',
    'outage.json',
  ].map(load);
  const sections = [
    [
      '# Gavel benchmark report',
      '',
      'Generated by `node dist/bench/report.js` from the JSON files next to it (`scripts/bench.sh` runs',
      'every scenario, then this, then `summary.png`). The analysis of each figure is in [README.md](README.md).',
      '',
      '![summary](summary.png)',
    ],
    summary(bids, order, cdc, faults, fuzz, outage),
    bidsSection(bids),
    orderSection(order),
    cdcSection(cdc),
    processSection(order, bids),
    faultsSection(faults),
    outageSection(outage),
    fuzzSection(fuzz),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

if (require.main === module) {
  const target = path.join(RESULTS, 'REPORT.md');
  writeFileSync(target, renderReport());
  process.stdout.write(`${target}\n`);
}
