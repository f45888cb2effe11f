import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closePools, db, ROOT } from '../support/env';
import { ApiUser, orderSettled, stockItem } from './client';
import { System } from './system';

const run = promisify(execFile);

/** The database the wallet gets to itself here; its connector and slot follow from the name. */
const OWN_DB = 'gavel_wallet_own';
const SLOT = `${OWN_DB}_outbox`;
const CONNECTOR = 'gavel-gavel-wallet-own-outbox';

// The wallet's pool in this process (and every service spawned from it) reads the wallet's database
// from here: only the wallet uses GAVEL_WALLET_DB.
process.env.GAVEL_WALLET_DB = OWN_DB;

/** `scripts/stack.sh <args>` with `env` over this process's environment. */
const stack = (env: Record<string, string>, ...args: string[]) =>
  run('bash', [path.join(ROOT, 'scripts/stack.sh'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 300_000,
    maxBuffer: 10 * 1024 * 1024,
  });

/**
 * A deployment that gives one service a database of its own, by configuration only: the wallet in
 * `gavel_wallet_own` (GAVEL_WALLET_DB), created by `stack.sh up postgres` from GAVEL_PG_DATABASES and
 * streamed by a second Debezium connector and replication slot that `stack.sh connectors` registers from
 * a connector file for that database (GAVEL_CONNECTORS_DIR); every other service stays in `gavel`. An
 * order runs end to end across the two databases, the wallet's rows are only in its own, and afterwards
 * the default `stack.sh connectors` removes the extra connector and its slot again.
 */
describe('a service in a database of its own', () => {
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '3000',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_ORDER_WAIT_MS: '8000',
  });
  const connectors = mkdtempSync(path.join(tmpdir(), 'gavel-connectors-'));
  let seller: ApiUser;
  let buyer: ApiUser;

  beforeAll(async () => {
    copyFileSync(
      path.join(ROOT, 'infra/debezium/connectors/gavel.json'),
      path.join(connectors, 'gavel.json'),
    );
    writeFileSync(
      path.join(connectors, `${OWN_DB}.json`),
      JSON.stringify({ database: OWN_DB, schemas: ['wallet'] }),
    );
    const env = { GAVEL_PG_DATABASES: `gavel ${OWN_DB}`, GAVEL_CONNECTORS_DIR: connectors };
    await stack(env, 'up', 'postgres');
    const { stderr } = await stack(env, 'connectors');
    expect(stderr).toMatch(new RegExp(`connector ${CONNECTOR}: RUNNING`));
    await system.start(['orchestrator', 'gateway', 'wallet', 'payment', 'warehouse', 'delivery']);
    const gw = system.url('gateway');
    [seller, buyer] = await Promise.all([ApiUser.register(gw, 'seller'), ApiUser.register(gw, 'buyer')]);
    await buyer.topUp(10_000);
  });

  afterAll(async () => {
    await system.stop();
    // the default connector files again: the extra connector is deleted and its slot dropped
    await stack({}, 'connectors').catch((e: Error) => console.warn(`stack.sh connectors: ${e.message}`));
    await closePools();
    await db('orchestrator')
      .query(`DROP DATABASE IF EXISTS ${OWN_DB} WITH (FORCE)`)
      .catch((e: Error) => console.warn(`${OWN_DB} kept: ${e.message}`));
    await closePools();
    rmSync(connectors, { recursive: true, force: true });
  });

  it('streams the wallet’s outbox through a slot of its own database', async () => {
    const { rows } = await db('orchestrator').query<{ database: string; active: boolean }>(
      `SELECT database, active FROM pg_replication_slots WHERE slot_name = $1`,
      [SLOT],
    );
    expect(rows).toEqual([{ database: OWN_DB, active: true }]);
  });

  it('runs an order across the two databases, the money only in the wallet’s', async () => {
    const sku = await stockItem(seller, 1);
    const o = await orderSettled(buyer, seller, sku, 2_500);
    expect(o.status).toBe('COMPLETED');
    const wallet = (await buyer.call<{ balance: number; held: number }>('GET', '/wallet')).body;
    expect(wallet).toMatchObject({ balance: 7_500, held: 0 });

    const own = await db('wallet').query<{ current_database: string; balance: string }>(
      `SELECT current_database(), balance FROM wallet_accounts WHERE user_id = $1`,
      [buyer.userId],
    );
    expect(own.rows).toEqual([{ current_database: OWN_DB, balance: '7500' }]);
    const entries = await db('wallet').query<{ kind: string }>(
      `SELECT kind FROM ledger_entries WHERE reference = $1 ORDER BY created_at, kind`,
      [`order:${o.orderId}`],
    );
    expect(entries.rows.map((r) => r.kind).sort()).toEqual([
      'escrow_paid_out',
      'hold_captured',
      'hold_placed',
    ]);
    // the shared database's wallet schema never heard of this buyer
    const shared = await db('orchestrator').query(`SELECT 1 FROM wallet.wallet_accounts WHERE user_id = $1`, [
      buyer.userId,
    ]);
    expect(shared.rowCount).toBe(0);
  });
});
