import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { closePools, db, ROOT } from '../support/env';
import { ApiUser, GOOD_ADDRESS, Order } from './client';
import { System } from './system';

interface Disagreement {
  sagaId: string;
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
  unreachable: { participant: string; reason: string; uncheckedCommands: number }[];
  complete: boolean;
  truncated: boolean;
  at: string;
}

const run = promisify(execFile);
/** An Order (v2) issues one command per step: the payout is the sixth. */
const ORDER_STEPS = ['reserveFunds', 'charge', 'reserveStock', 'bookDelivery', 'settle'];

/**
 * Reconciliation against the real system: completed order sagas agree with the participants' command
 * logs; a history that lost an outcome, or a participant log that says otherwise, is found exactly.
 */
describe('reconciliation of saga histories with participant command logs', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '3000',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_ORDER_WAIT_MS: '8000',
    GAVEL_RECONCILE_TIMEOUT_MS: '2000',
    GAVEL_ADMIN_EMAIL: adminLogin.email,
    GAVEL_ADMIN_PASSWORD: adminLogin.password,
  });
  const startedAt = new Date();
  const restores: (() => Promise<unknown>)[] = [];
  let seller: ApiUser;
  let buyer: ApiUser;
  let admin: ApiUser;

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery']);
    await system.start(['gateway']);
    const gw = system.url('gateway');
    [seller, buyer] = await Promise.all([ApiUser.register(gw, 'seller'), ApiUser.register(gw, 'buyer')]);
    admin = await ApiUser.login(gw, adminLogin.email, adminLogin.password);
    await buyer.topUp(100_000);
  });
  afterAll(async () => {
    // Put back what the test broke: the shared databases must not keep a disagreement for later checks.
    for (const restore of restores.reverse()) await restore();
    await system.stop();
    await closePools();
  });

  async function completedOrder(): Promise<string> {
    const sku = `rec-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Clock', onHand: 1 })).status).toBe(201);
    const res = await buyer.call<Order>('POST', '/orders', {
      sku,
      quantity: 1,
      amount: 1200,
      sellerId: seller.userId,
      address: GOOD_ADDRESS,
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('COMPLETED');
    return res.body.orderId;
  }

  async function reconcile(query: Record<string, string>): Promise<Report> {
    const res = await fetch(`${system.url('orchestrator')}/reconciliation?${new URLSearchParams(query)}`, {
      headers: { 'x-gavel-role': 'admin' },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  }

  async function commandId(sagaId: string, step: string): Promise<string> {
    const { rows } = await db('orchestrator').query(
      `SELECT data->>'commandId' AS id FROM saga_events
       WHERE saga_id = $1 AND type = 'StepCommandIssued' AND data->>'step' = $2 LIMIT 1`,
      [sagaId, step],
    );
    return rows[0].id as string;
  }

  async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
    const env = { ...process.env, GAVEL_ORCHESTRATOR_URL: system.url('orchestrator') };
    try {
      const { stdout } = await run(process.execPath, [path.join(ROOT, 'dist/tools/reconcile.js'), ...args], {
        cwd: ROOT,
        env,
      });
      return { code: 0, stdout };
    } catch (e) {
      const failed = e as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  }

  let clean: string;
  let lostOutcome: string;
  let tampered: string;

  it('finds no disagreement for completed order sagas, through the orchestrator, the gateway and the CLI', async () => {
    clean = await completedOrder();
    const report = await reconcile({ sagaId: clean, grace: '0s' });
    expect(report).toMatchObject({
      checkedSagas: 1,
      checkedCommands: ORDER_STEPS.length,
      disagreements: [],
      unreachable: [],
      complete: true,
      truncated: false,
    });

    // The walk over everything changed since the test began: this test's sagas are all in it and all agree.
    const walk = await reconcile({ since: startedAt.toISOString(), sagaType: 'Order' });
    expect(walk.checkedSagas).toBeGreaterThanOrEqual(1);
    expect(walk.disagreements.filter((d) => d.sagaId === clean)).toEqual([]);

    const viaGateway = await admin.call<Report>('GET', `/admin/reconciliation?sagaId=${clean}&grace=0s`);
    expect(viaGateway.status).toBe(200);
    expect(viaGateway.body).toMatchObject({ checkedSagas: 1, disagreements: [], complete: true });
    expect((await buyer.call('GET', `/admin/reconciliation?sagaId=${clean}`)).status).toBe(403);
    expect((await fetch(`${system.url('orchestrator')}/reconciliation?sagaId=${clean}`)).status).toBe(403);

    const ok = await cli('--saga-id', clean);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`1 sagas, ${ORDER_STEPS.length} commands checked; 0 disagreements`);
  });

  it('a participant answers POST /command-log/lookup for 1000 ids (over the usual 16 kB), operators only', async () => {
    const lookup = (commandIds: string[], role = 'admin') =>
      fetch(`${system.url('payment')}/command-log/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gavel-role': role },
        body: JSON.stringify({ commandIds }),
      });
    const charge = await commandId(clean, 'charge');
    const ids = [charge, ...Array.from({ length: 999 }, () => randomUUID())];
    const res = await lookup(ids);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      entries: [
        {
          commandId: charge,
          type: expect.any(String),
          sagaId: clean,
          outcome: 'success',
          replyType: expect.any(String),
          at: expect.any(String),
        },
      ],
    });
    expect((await lookup([...ids, randomUUID()])).status).toBe(400);
    expect((await lookup([charge], 'buyer')).status).toBe(403);
  });

  it('finds exactly the outcome the history lost: a StepSucceeded row deleted from a completed saga', async () => {
    lostOutcome = await completedOrder();
    const { rows } = await db('orchestrator').query(
      `DELETE FROM saga_events WHERE saga_id = $1 AND type = 'StepSucceeded' AND data->>'step' = 'charge' RETURNING *`,
      [lostOutcome],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0];
    restores.push(() =>
      db('orchestrator').query(
        `INSERT INTO saga_events (saga_id, seq, type, data, metadata, at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.saga_id, row.seq, row.type, row.data, row.metadata, row.at],
      ),
    );

    const report = await reconcile({ sagaId: lostOutcome, grace: '0s' });
    expect(report).toMatchObject({ checkedSagas: 1, checkedCommands: ORDER_STEPS.length, complete: true });
    expect(report.disagreements).toEqual([
      expect.objectContaining({
        sagaId: lostOutcome,
        sagaType: 'Order',
        step: 'charge',
        phase: 'forward',
        commandId: await commandId(lostOutcome, 'charge'),
        participant: 'payment',
        history: 'none',
        participantOutcome: 'success',
        kind: 'reply-not-in-history',
      }),
    ]);
    // The payment was logged seconds ago: within the default grace (60 s) it may still be in flight.
    expect((await reconcile({ sagaId: lostOutcome })).disagreements).toEqual([]);

    const cliRun = await cli('--saga-id', lostOutcome, '--grace', '0s');
    expect(cliRun.code).toBe(1);
    expect(cliRun.stdout).toMatch(
      new RegExp(
        `${lostOutcome}\\s+Order\\s+COMPLETED\\s+charge\\s+forward\\s+payment` +
          `\\s+none\\s+success\\s+reply-not-in-history`,
      ),
    );
    const json = await cli('--saga-id', lostOutcome, '--grace', '0s', '--json');
    expect((JSON.parse(json.stdout) as Report).disagreements).toHaveLength(1);
  });

  it('finds a participant log that says otherwise (failure vs success) and a success nobody logged', async () => {
    tampered = await completedOrder();
    const stock = await commandId(tampered, 'reserveStock');
    const booking = await commandId(tampered, 'bookDelivery');
    const warehouse = db('warehouse');
    const { rows: before } = await warehouse.query(`SELECT reply FROM command_log WHERE command_id = $1`, [
      stock,
    ]);
    await warehouse.query(
      `UPDATE command_log SET reply = reply || '{"outcome":"failure","code":"WAREHOUSE.OUT_OF_STOCK"}'::jsonb
       WHERE command_id = $1`,
      [stock],
    );
    restores.push(() =>
      warehouse.query(`UPDATE command_log SET reply = $2 WHERE command_id = $1`, [stock, before[0].reply]),
    );
    const { rows: removed } = await db('delivery').query(
      `DELETE FROM command_log WHERE command_id = $1 RETURNING *`,
      [booking],
    );
    expect(removed).toHaveLength(1);
    const r = removed[0];
    restores.push(() =>
      db('delivery').query(
        `INSERT INTO command_log (command_id, type, saga_id, reply, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [r.command_id, r.type, r.saga_id, r.reply, r.created_at],
      ),
    );

    const report = await reconcile({ sagaId: tampered });
    expect(
      report.disagreements.map((d) => [
        d.step,
        d.participant,
        d.history,
        d.participantOutcome,
        d.kind,
        d.commandId,
      ]),
    ).toEqual([
      ['reserveStock', 'warehouse', 'success', 'failure', 'outcome-mismatch', stock],
      ['bookDelivery', 'delivery', 'success', 'none', 'missing-at-participant', booking],
    ]);
  });

  it('says the check is incomplete when a participant cannot be asked, and reports what it could check', async () => {
    await system.kill('delivery', 'SIGTERM');
    const report = await reconcile({ since: startedAt.toISOString(), sagaType: 'Order', grace: '0s' });
    expect(report.complete).toBe(false);
    expect(report.unreachable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participant: 'delivery', uncheckedCommands: expect.any(Number) }),
      ]),
    );
    const ours = report.disagreements.filter((d) => [clean, lostOutcome, tampered].includes(d.sagaId));
    // bookDelivery of `tampered` is at the unreachable participant: not checked, not reported.
    expect(ours.map((d) => [d.sagaId, d.step, d.kind])).toEqual(
      expect.arrayContaining([
        [lostOutcome, 'charge', 'reply-not-in-history'],
        [tampered, 'reserveStock', 'outcome-mismatch'],
      ]),
    );
    expect(ours).toHaveLength(2);

    expect((await cli('--saga-id', clean)).code).toBe(2);
    expect((await cli('--saga-id', lostOutcome, '--grace', '0s')).code).toBe(1);
  });
});
