import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { Pool } from 'pg';
import { pgConnectionConfig } from '@app/common';

export const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

const pools = new Map<string, Pool>();

/**
 * A pg pool on a service's own schema (search_path = the schema, as the service's connections have),
 * for tests to read effects, never to cause them.
 */
export function db(service: string): Pool {
  let pool = pools.get(service);
  if (!pool) {
    pool = new Pool({ ...pgConnectionConfig(service), max: 4 });
    pools.set(service, pool);
  }
  return pool;
}

export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.end()));
  pools.clear();
}

/** Runs `scripts/stack.sh <args>` (e.g. to stop and start Kafka Connect). */
export async function stack(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [path.join(ROOT, 'scripts/stack.sh'), ...args], {
    cwd: ROOT,
    timeout: 300_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export const uniqueId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
