import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceProcess } from '../support/apps';
import { closePools, ROOT } from '../support/env';
import { ApiUser, NOWHERE, orderSettled, stockItem } from './client';
import { PARTICIPANTS, System } from './system';

/**
 * The order saga's participants in one Node process (`dist/apps/host`, what `scripts/services.sh` runs
 * locally), the orchestrator and the gateway in processes of their own: the saga runs, compensates and
 * answers on every participant's own port as when each runs alone, and the process stops cleanly.
 */
describe('participants sharing one Node process', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '3000',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_ORDER_WAIT_MS: '8000',
    GAVEL_ADMIN_EMAIL: adminLogin.email,
    GAVEL_ADMIN_PASSWORD: adminLogin.password,
  });
  let host: ServiceProcess;
  let seller: ApiUser;
  let buyer: ApiUser;
  let admin: ApiUser;

  beforeAll(async () => {
    await system.reserve(['orchestrator', 'gateway', ...PARTICIPANTS]);
    host = await system.startShared([...PARTICIPANTS]);
    await system.start(['orchestrator', 'gateway']);
    const gw = system.url('gateway');
    [seller, buyer] = await Promise.all([ApiUser.register(gw, 'seller'), ApiUser.register(gw, 'buyer')]);
    admin = await ApiUser.login(gw, adminLogin.email, adminLogin.password);
    await buyer.topUp(100_000);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  async function steps(sagaId: string, type: string): Promise<string[]> {
    const res = await admin.call<{ events: { type: string; data: { step?: string } }[] }>(
      'GET',
      `/admin/sagas/${sagaId}`,
    );
    expect(res.status).toBe(200);
    return res.body.events.filter((e) => e.type === type).map((e) => e.data.step ?? '');
  }

  const wallet = async () => (await buyer.call<{ balance: number; held: number }>('GET', '/wallet')).body;
  const available = async (sku: string) =>
    (await seller.call<{ available: number }>('GET', `/items/${sku}`)).body.available;

  it('runs every participant in the one process, each on its own port and ready', async () => {
    const pids = new Set(PARTICIPANTS.map((p) => system.services.get(p)?.child.pid));
    expect([...pids]).toEqual([host.child.pid]);
    for (const p of PARTICIPANTS) {
      const res = await fetch(`${system.url(p)}/health/ready`);
      expect(res.status).toBe(200);
    }
  });

  it('completes an order through the shared process: hold, charge, reserve, book, settle', async () => {
    const sku = await stockItem(seller, 2);
    const before = await wallet();
    const o = await orderSettled(buyer, seller, sku, 1800);
    expect(o.status).toBe('COMPLETED');
    expect(await steps(o.orderId, 'StepSucceeded')).toEqual([
      'reserveFunds',
      'charge',
      'reserveStock',
      'bookDelivery',
      'settle',
    ]);
    expect(await wallet()).toEqual(expect.objectContaining({ balance: before.balance - 1800, held: 0 }));
    expect(await available(sku)).toBe(1);
  });

  it('compensates the completed steps in reverse when the last participant refuses', async () => {
    const sku = await stockItem(seller, 2);
    const before = await wallet();
    const o = await orderSettled(buyer, seller, sku, 900, { address: NOWHERE });
    expect(o).toMatchObject({ status: 'CANCELLED', code: 'DELIVERY.UNDELIVERABLE_ADDRESS' });
    expect(await steps(o.orderId, 'CompensationSucceeded')).toEqual([
      'reserveStock',
      'charge',
      'reserveFunds',
    ]);
    expect(await wallet()).toEqual(expect.objectContaining({ balance: before.balance, held: 0 }));
    expect(await available(sku)).toBe(2);
  });

  it('serves the process’s metrics once, under its own name, and a series-free exposition elsewhere', async () => {
    const bodies = await Promise.all(
      PARTICIPANTS.map(async (p) => {
        const res = await fetch(`${system.url(p)}/metrics`);
        expect(res.status).toBe(200);
        return res.text();
      }),
    );
    const withSeries = bodies.filter((b) => /^process_cpu_seconds_total\{/m.test(b));
    expect(withSeries).toHaveLength(1);
    expect(withSeries[0]).toMatch(/^process_cpu_seconds_total\{service="participants"\}/m);
    // the order above went through every participant: their consumers count in the one registry
    for (const p of PARTICIPANTS) {
      expect(withSeries[0]).toMatch(
        new RegExp(`^gavel_messages_consumed_total\\{[^}]*topic="${p}\\.commands"`, 'm'),
      );
    }
    for (const b of bodies.filter((x) => x !== withSeries[0])) expect(b).not.toMatch(/^[a-z_]+[{ ]/m);
  });

  it('closes every service on SIGTERM and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => host.child.once('exit', (code) => resolve(code)));
    host.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const p of PARTICIPANTS) await expect(fetch(`${system.url(p)}/health/live`)).rejects.toThrow();
  });
});

describe('the host process refuses a configuration it cannot run', () => {
  it.each([
    ['nothing to run', ''],
    ['the gateway, which runs alone', 'wallet,gateway'],
    ['a service twice', 'payment,payment'],
  ])('exits 1 naming the problem: %s', async (_case, services) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/host/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, GAVEL_HOST_SERVICES: services, GAVEL_LOG_SHIPPING: 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('GAVEL_HOST_SERVICES');
  });
});
