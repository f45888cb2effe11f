import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, stack, uniqueId, waitFor } from '../support/env';

const run = promisify(execFile);
const PROMETHEUS = `http://127.0.0.1:${process.env.GAVEL_PROMETHEUS_PORT ?? 19090}`;
const ORCHESTRATOR = `http://127.0.0.1:${process.env.GAVEL_ORCHESTRATOR_PORT ?? 18081}`;

interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

const services = (...args: string[]) =>
  run('bash', [path.join(ROOT, 'scripts/services.sh'), ...args], { cwd: ROOT, timeout: 300_000 });

async function runningServices(): Promise<string[]> {
  const { stdout } = await services('status');
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, state]) => name && state === 'up')
    .map(([name]) => name);
}

async function promQuery(expr: string): Promise<number> {
  const res = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: { value: [number, string] }[] } };
  expect(body.status).toBe('success');
  return body.data.result.reduce((sum, r) => sum + Number(r.value[1]), 0);
}

/**
 * The real Prometheus (scripts/stack.sh up prometheus) scraping the real services (scripts/services.sh up,
 * built dist/): every running service's target is up, the alert rules load and pass their unit tests,
 * and a saga started over HTTP shows up in the query API.
 */
describe('Prometheus scrapes every service and loads the alert rules', () => {
  const targetsFile = JSON.parse(
    readFileSync(path.join(ROOT, 'infra/prometheus/targets/services.json'), 'utf8'),
  ) as {
    targets: string[];
    labels: { service: string };
  }[];
  let startedHere: string[] = [];

  beforeAll(async () => {
    await stack('up', 'prometheus');
    // Picks up rule_files and target changes in a Prometheus that was already running.
    expect((await fetch(`${PROMETHEUS}/-/reload`, { method: 'POST' })).status).toBe(200);
    const before = await runningServices();
    await services('up');
    startedHere = (await runningServices()).filter((s) => !before.includes(s));
  });
  afterAll(async () => {
    if (startedHere.length > 0) await services('down', ...startedHere);
  });

  it('validates the config and the rules, and passes the rules’ unit tests (promtool)', async () => {
    const { stdout } = await run('bash', [path.join(ROOT, 'infra/prometheus/check.sh')], { cwd: ROOT });
    expect(stdout).toContain('is valid prometheus config file syntax');
    expect(stdout).toContain('SUCCESS: 7 rules found');
    const rules = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string }[] }[] };
    };
    expect(rules.data.groups.flatMap((g) => g.rules.map((r) => r.name)).sort()).toEqual([
      'GavelCdcLagHigh',
      'GavelConsumerLagHigh',
      'GavelDeadLetters',
      'GavelSagaCompensationFailed',
      'GavelSagaFailureRateHigh',
      'GavelSagaIncidentOpen',
      'GavelServiceDown',
    ]);
  });

  it('lists every service with its default port, and scrapes every running one successfully', async () => {
    expect(targetsFile.map((t) => [t.labels.service, t.targets[0]])).toEqual([
      ['gateway', '127.0.0.1:18080'],
      ['orchestrator', '127.0.0.1:18081'],
      ['wallet', '127.0.0.1:18082'],
      ['notification', '127.0.0.1:18084'],
      ['lot', '127.0.0.1:18085'],
      ['payment', '127.0.0.1:18086'],
      ['warehouse', '127.0.0.1:18087'],
      ['delivery', '127.0.0.1:18088'],
      ['telegram-alerter', '127.0.0.1:18089'],
    ]);
    const running = (await runningServices()).filter((s) =>
      existsSync(path.join(ROOT, `dist/apps/${s}/src/main.js`)),
    );
    expect(running).toEqual(
      expect.arrayContaining([
        'gateway',
        'orchestrator',
        'wallet',
        'notification',
        'payment',
        'warehouse',
        'delivery',
      ]),
    );
    const targets = await waitFor(
      `Prometheus to scrape ${running.join(', ')}`,
      async () => {
        const body = (await (await fetch(`${PROMETHEUS}/api/v1/targets?state=active`)).json()) as {
          data: { activeTargets: Target[] };
        };
        const ours = body.data.activeTargets.filter((t) => t.labels.job === 'gavel-services');
        const up = running.every((s) => ours.some((t) => t.labels.service === s && t.health === 'up'));
        return up && ours;
      },
      90_000,
      1000,
    );
    expect(targets.map((t) => t.labels.service).sort()).toEqual(
      targetsFile.map((t) => t.labels.service).sort(),
    );
    // The services' own `service` label is kept (honor_labels), not renamed to exported_service.
    expect(await promQuery('count(up{job="gavel-services", service="orchestrator"} == 1)')).toBe(1);
    expect(await promQuery('count(gavel_http_requests_total{exported_service!=""})')).toBe(0);
  });

  it('sees sagas started over HTTP in the query API', async () => {
    const expr = 'sum(gavel_sagas_started_total{job="gavel-services", service="orchestrator"})';
    const before = await promQuery(expr);
    const orders = [randomUUID(), randomUUID()];
    for (const orderId of orders) {
      const res = await fetch(`${ORCHESTRATOR}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId,
          buyerId: uniqueId('prom-buyer'),
          sellerId: uniqueId('prom-seller'),
          sku: uniqueId('prom-sku'),
          quantity: 1,
          amount: 100,
          address: {
            name: 'Ada',
            line1: 'Keizersgracht 1',
            city: 'Amsterdam',
            postcode: '1015 AA',
            country: 'NL',
          },
        }),
      });
      expect(res.status).toBe(202);
    }
    const after = await waitFor(
      'gavel_sagas_started_total to rise in Prometheus',
      async () => {
        const value = await promQuery(expr);
        return value >= before + orders.length && value;
      },
      60_000,
      1000,
    );
    expect(after).toBeGreaterThanOrEqual(before + orders.length);
  });
});
