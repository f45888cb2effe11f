/**
 * PostgreSQL's side of the order-saga benchmark: committed transactions per service database
 * (pg_stat_database.xact_commit) and the server's commit ceiling measured with pgbench on a database
 * of its own (`gavel_bench`, created and initialised on first use).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { databaseConfig } from '@app/common';

const run = promisify(execFile);
const PG_BIN = process.env.GAVEL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const BENCH_DB = 'gavel_bench';

async function withClient<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const cfg = databaseConfig('orchestrator');
  const client = new Client({
    host: cfg.host,
    port: cfg.port,
    user: cfg.username,
    password: cfg.password,
    database,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** database → xact_commit, for the given databases. */
export function commitCounts(databases: string[]): Promise<Map<string, number>> {
  return withClient('postgres', async (c) => {
    const { rows } = await c.query<{ datname: string; commits: string }>(
      `SELECT datname, xact_commit::text AS commits FROM pg_stat_database WHERE datname = ANY($1)`,
      [databases],
    );
    return new Map(rows.map((r) => [r.datname, Number(r.commits)]));
  });
}

export function commitDelta(
  before: Map<string, number>,
  after: Map<string, number>,
): { total: number; perDb: Record<string, number> } {
  const perDb: Record<string, number> = {};
  let total = 0;
  for (const [db, end] of after) {
    const d = end - (before.get(db) ?? end);
    perDb[db] = d;
    total += d;
  }
  return { total, perDb };
}

function pgEnv(): NodeJS.ProcessEnv {
  const cfg = databaseConfig('orchestrator');
  return {
    ...process.env,
    PGHOST: cfg.host,
    PGPORT: String(cfg.port),
    PGUSER: cfg.username,
    PGPASSWORD: cfg.password,
  };
}

/** Creates gavel_bench and runs `pgbench -i -s <scale>` unless it already holds that scale. */
export async function preparePgbench(scale: number): Promise<void> {
  const exists = await withClient(
    'postgres',
    async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [BENCH_DB])).rowCount,
  );
  if (!exists) await withClient('postgres', (c) => c.query(`CREATE DATABASE ${BENCH_DB}`));
  const current = await withClient(BENCH_DB, async (c) => {
    const t = await c.query(`SELECT to_regclass('pgbench_branches') IS NOT NULL AS ok`);
    if (!(t.rows[0] as { ok: boolean }).ok) return 0;
    return Number(
      ((await c.query(`SELECT count(*)::int AS n FROM pgbench_branches`)).rows[0] as { n: number }).n,
    );
  });
  if (current === scale) return;
  await run(`${PG_BIN}/pgbench`, ['-i', '-q', '-s', String(scale), BENCH_DB], {
    env: pgEnv(),
    maxBuffer: 16 << 20,
  });
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  command: string;
}

/** `pgbench -c <clients> -j <threads> -T <seconds> -N`: tps (excluding connection time) = commits/s. */
export async function runPgbench(clients: number, threads: number, seconds: number): Promise<PgbenchResult> {
  const args = ['-c', String(clients), '-j', String(threads), '-T', String(seconds), '-N', BENCH_DB];
  const { stdout } = await run(`${PG_BIN}/pgbench`, args, { env: pgEnv(), maxBuffer: 16 << 20 });
  const tps = /tps = ([\d.]+)/.exec(stdout);
  const tx = /number of transactions actually processed: (\d+)/.exec(stdout);
  if (!tps || !tx) throw new Error(`unexpected pgbench output:\n${stdout}`);
  return { tps: Number(tps[1]), transactions: Number(tx[1]), command: `pgbench ${args.join(' ')}` };
}

/**
 * Statements executed in the given databases so far (pg_stat_statements, `track = all`, utility
 * statements such as BEGIN/COMMIT included), or undefined when the extension is not loaded
 * (infra/postgres/postgresql.gavel.conf preloads it).
 */
export function statementCounts(databases: string[]): Promise<number | undefined> {
  return withClient('postgres', async (c) => {
    try {
      await c.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
      const { rows } = await c.query<{ n: string }>(
        `SELECT coalesce(sum(s.calls), 0)::text AS n FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ANY($1)`,
        [databases],
      );
      return Number(rows[0].n);
    } catch {
      return undefined;
    }
  });
}

/** Rows inserted into every `outbox` table (any schema) of the given databases so far. */
export async function outboxRecords(databases: string[]): Promise<number> {
  let total = 0;
  for (const db of databases)
    total += await withClient(db, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        `SELECT coalesce(sum(n_tup_ins), 0)::text AS n FROM pg_stat_user_tables WHERE relname = 'outbox'`,
      );
      return Number(rows[0].n);
    });
  return total;
}
