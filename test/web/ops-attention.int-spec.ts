import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeAnswer, FakeService, RecordedRequest, startGateway } from '../gateway/gateway-harness';
import { closePools } from '../support/env';
import { expectAccessible } from './a11y';
import {
  Account,
  contextFor,
  launchChromium,
  login,
  expectNoHorizontalScroll,
  screenshot,
  screenshotAtBothWidths,
  WIDTHS,
} from './browser';

const incidentSaga = {
  id: randomUUID(),
  type: 'Order',
  status: 'COMPENSATING',
  step: 'charge',
  failure: { reason: 'no stock', code: 'WAREHOUSE.OUT_OF_STOCK' },
  attempt: 7,
  lastError: 'no reply before the attempt timed out',
  incident: {
    step: 'charge',
    phase: 'compensation',
    commandId: 'c-1',
    attempts: 5,
    reason: 'no reply before the attempt timed out',
    since: new Date(Date.now() - 90_000).toISOString(),
  },
  createdAt: new Date(Date.now() - 600_000).toISOString(),
  updatedAt: new Date().toISOString(),
};
const refusedSaga = {
  id: randomUUID(),
  type: 'PlaceBid',
  status: 'COMPENSATION_FAILED',
  step: 'holdFunds',
  failure: { reason: 'lot closed', code: 'LOT.CLOSED' },
  attempt: 1,
  lastError: 'the hold is already captured',
  incident: null,
  createdAt: new Date(Date.now() - 600_000).toISOString(),
  updatedAt: new Date(Date.now() - 60_000).toISOString(),
};
/** Running, but unchanged for 20 minutes and without an incident: stuck. */
const stuckSaga = {
  ...refusedSaga,
  id: randomUUID(),
  type: 'Order',
  status: 'RUNNING',
  step: 'reserveStock',
  failure: null,
  lastError: null,
  updatedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
};
/** Cancelled an hour ago: listed, but nothing to act on. */
const failedSaga = {
  ...refusedSaga,
  id: randomUUID(),
  type: 'Order',
  status: 'COMPENSATED',
  step: null,
  failure: { reason: 'no stock', code: 'WAREHOUSE.OUT_OF_STOCK' },
  lastError: null,
  updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
};

const at = (s: number): string => new Date(Date.now() - 600_000 + s * 1000).toISOString();
/** The buyer's request and what it caused (replies continue its trace); later, an operator's retry. */
const REQUEST_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OPERATOR_TRACE = '0af7651916cd43dd8448eb211c80319c';
const origin = (actor: string, traceId?: string) => ({
  actor,
  ...(traceId ? { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } : {}),
});
let seq = 0;
const event = (
  type: string,
  s: number,
  data: object = {},
  metadata: object = origin('reply', REQUEST_TRACE),
) => ({
  seq: ++seq,
  type,
  data,
  at: at(s),
  metadata,
});
/** The incident saga in full: its definition's shape and its history (reserveStock refused, turning back). */
const incidentDetail = {
  ...incidentSaga,
  version: 1,
  correlationId: 'c-9',
  data: {},
  shape: {
    version: 1,
    steps: [
      { name: 'reserveFunds', participant: 'wallet', compensation: 'wallet' },
      { name: 'charge', participant: 'payment', compensation: 'payment' },
      { name: 'reserveStock', participant: 'warehouse', compensation: 'warehouse' },
      { name: 'bookDelivery', participant: 'delivery', compensation: 'delivery' },
      { name: 'captureFunds', participant: 'wallet', compensation: null },
    ],
  },
  events: [
    event('SagaStarted', 0, {}, origin('http', REQUEST_TRACE)),
    event(
      'StepCommandIssued',
      0,
      { step: 'reserveFunds', participant: 'wallet', attempt: 1 },
      origin('http', REQUEST_TRACE),
    ),
    event('StepSucceeded', 0.8, { step: 'reserveFunds' }),
    event('StepCommandIssued', 1, { step: 'charge', participant: 'payment', attempt: 1 }),
    event('StepSucceeded', 2.5, { step: 'charge' }),
    event('StepCommandIssued', 2.5, { step: 'reserveStock', participant: 'warehouse', attempt: 1 }),
    event('StepFailed', 3, { step: 'reserveStock', code: 'WAREHOUSE.OUT_OF_STOCK', reason: 'no stock' }),
    event('CompensationStarted', 3, { steps: ['charge', 'reserveFunds'], code: 'WAREHOUSE.OUT_OF_STOCK' }),
    event('CompensationCommandIssued', 3, { step: 'charge', participant: 'payment', attempt: 1 }),
    event(
      'CompensationCommandIssued',
      200,
      { step: 'charge', participant: 'payment', attempt: 7 },
      origin('operator', OPERATOR_TRACE),
    ),
    // Raised by the timer that found no answer: no trace context.
    event('IncidentRaised', 120, { step: 'charge', phase: 'compensation', attempts: 5 }, origin('timer')),
  ],
};

/**
 * The orchestrator as the ops page sees it through the gateway: an incident (also compensating), a refused
 * compensation, a stuck saga and a cancelled one; the incident saga's shape and history.
 */
function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'GET' && req.path.startsWith('/sagas?')) {
    const q = new URL(`http://x${req.path}`).searchParams;
    const byStatus: Record<string, object[]> = {
      COMPENSATION_FAILED: [refusedSaga],
      RUNNING: [stuckSaga],
      COMPENSATING: [incidentSaga],
      COMPENSATED: [failedSaga],
    };
    const items = q.get('incident') === 'open' ? [incidentSaga] : (byStatus[q.get('status') ?? ''] ?? []);
    return { status: 200, body: { items, total: items.length, limit: 50, offset: 0 } };
  }
  if (req.method === 'GET' && req.path === `/sagas/${incidentSaga.id}`)
    return { status: 200, body: incidentDetail };
  if (req.method === 'POST' && req.path === '/sagas/actions/abort') {
    const { ids } = req.body as { ids: string[] };
    return {
      status: 200,
      body: {
        results: ids.map((sagaId) =>
          sagaId === incidentSaga.id
            ? {
                sagaId,
                ok: true,
                status: 'ABORTED',
                step: 'charge',
                events: ['OperatorAbortRequested', 'IncidentResolved', 'SagaAborted'],
              }
            : { sagaId, ok: false, code: 'SAGA.TERMINAL', message: 'the saga has ended' },
        ),
      },
    };
  }
  return { status: 404, body: { code: 'SAGA.NOT_FOUND', message: 'no such saga' } };
}

/**
 * The ops page's Needs attention list in a real browser: the gateway in process (serving dist/web, so
 * `npm run build:web` first) in front of a stand-in orchestrator.
 */
describe('ops page: sagas that need attention', () => {
  const orchestrator = new FakeService(orchestratorRoute);
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  let gateway: INestApplication;
  let browser: Browser;
  let base: string;
  let admin: Account;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_ADMIN_EMAIL: adminLogin.email,
      GAVEL_ADMIN_PASSWORD: adminLogin.password,
    });
    await gateway.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
    admin = await login(base, adminLogin.email, adminLogin.password);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await gateway?.close();
    await orchestrator.stop();
    await closePools();
  });

  async function open(path: string): Promise<Page> {
    const context = await contextFor(browser, base, admin);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(path);
    return page;
  }

  it('lists incidents, refused compensations, stuck and failed sagas (attempts, last error), aborts a selection in bulk', async () => {
    const page = await open('/app/ops');
    const table = page.getByTestId('needs-attention');
    await table.getByRole('row').nth(4).waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    // The incident saga is compensating too: listed once, for its incident.
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('Order');
    expect(rows[0]).toContain('No answer (compensating)');
    expect(rows[0]).toContain('charge');
    expect(rows[0]).toContain('7');
    expect(rows[0]).toContain('no reply before the attempt timed out');
    expect(rows[1]).toContain('Compensation refused');
    expect(rows[1]).toContain('the hold is already captured');
    expect(rows[2]).toContain('Stuck: no progress');
    expect(rows[2]).toContain('reserveStock');
    expect(rows[3]).toContain('Cancelled: WAREHOUSE.OUT_OF_STOCK');
    // An ended saga takes no action: no checkbox.
    expect(await table.locator('tbody tr').nth(3).getByRole('checkbox').count()).toBe(0);
    await screenshotAtBothWidths(page, 'ops-needs-attention');

    // Filtered by why.
    await page.getByLabel('Show').selectOption({ label: 'Stuck (1)' });
    await table.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await table.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('Stuck')]);
    await page.getByLabel('Show').selectOption({ label: 'All (4)' });
    await table.getByRole('row').nth(4).waitFor();

    const abort = page.getByRole('button', { name: 'Abort selected' });
    expect(await abort.isDisabled()).toBe(true);
    await page.getByLabel(`Select saga ${incidentSaga.id}`).check();
    await page.getByLabel(`Select saga ${refusedSaga.id}`).check();
    await page.getByLabel('Reason').fill('settled by hand');
    page.once('dialog', (d) => void d.accept());
    const before = orchestrator.requests.length;
    await abort.click();
    await page.getByRole('status').filter({ hasText: 'Abort selected: 1 done, 1 not done.' }).waitFor();
    await page.getByText('SAGA.TERMINAL').waitFor();
    const sent = orchestrator.requests.slice(before).find((r) => r.method === 'POST');
    expect(sent).toMatchObject({
      path: '/sagas/actions/abort',
      body: {
        by: admin.userId || expect.any(String),
        reason: 'settled by hand',
        ids: [incidentSaga.id, refusedSaga.id],
      },
    });
    // The page reloads the list after acting.
    expect(
      orchestrator.requests.slice(before).filter((r) => r.method === 'GET').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it.each(WIDTHS)(
    "draws a saga's shape: its steps, the path it took, states, attempts and timings forward and back (%s)",
    async (width, viewport) => {
      const page = await open(`/app/ops/sagas/${incidentSaga.id}`);
      await page.setViewportSize(viewport);
      const steps = page.getByTestId('shape-step');
      await steps.first().waitFor();
      expect(await steps.locator('h3').allTextContents()).toEqual([
        'reserveFunds',
        'charge',
        'reserveStock',
        'bookDelivery',
        'captureFunds',
      ]);
      expect(await steps.getByTestId('step-state').allTextContents()).toEqual([
        'Done',
        'Done',
        'Refused',
        'Not reached',
        'Not reached',
      ]);
      expect(await steps.getByTestId('step-undo').allTextContents()).toEqual([
        'To be undone',
        expect.stringMatching(/^Being undone · 7 attempts, since /),
        'Nothing to undo: it did not happen',
        'Undone by delivery if the saga turns back',
        'Nothing undoes this step',
      ]);
      expect(await steps.getByTestId('step-timing').allTextContents()).toEqual([
        '1 attempt, took 800 ms',
        '1 attempt, took 1.5 s',
        '1 attempt, took 500 ms',
      ]);
      // The step it waits on is marked, with its open incident.
      const current = page.locator('[data-testid=shape-step][aria-current=true]');
      expect(await current.locator('h3').textContent()).toBe('charge');
      expect(await current.textContent()).toContain('Incident open');
      await page.getByTestId('timeline').waitFor();
      expect(await page.getByTestId('timeline').locator('li').nth(9).textContent()).toContain(
        'CompensationCommandIssued · charge · attempt 7',
      );
      // Its logs (by correlation id) and its traces, each the log search on that trace id.
      const links = page.getByTestId('saga-links');
      expect(await links.getByRole('link', { name: 'Logs of this saga' }).getAttribute('href')).toBe(
        '/app/ops/logs?correlationId=c-9',
      );
      expect(await links.textContent()).toContain('correlation id c-9');
      const traces = page.getByTestId('saga-traces').locator('li');
      expect(await traces.allTextContents()).toEqual([
        'Logs of trace 4bf92f35… (9 events, #1 to #9, the first caused by an HTTP request)',
        'Logs of trace 0af76519… (event #10, the first caused by an operator)',
      ]);
      expect(await traces.getByRole('link').evaluateAll((a) => a.map((l) => l.getAttribute('href')))).toEqual(
        [`/app/ops/logs?traceId=${REQUEST_TRACE}`, `/app/ops/logs?traceId=${OPERATOR_TRACE}`],
      );
      await expectNoHorizontalScroll(page);
      await screenshot(page, `ops-saga-shape-${width}`);
      await expectAccessible(page);

      // The trace link opens the log search on that trace id, searching at once (OpenSearch answers lines
      // or none; the page says which, or that it cannot read the log store).
      await traces.getByRole('link').first().click();
      await page.getByRole('heading', { level: 1, name: 'Trace' }).waitFor();
      expect(await page.getByLabel('Trace id').inputValue()).toBe(REQUEST_TRACE);
      expect(new URL(page.url()).searchParams.get('traceId')).toBe(REQUEST_TRACE);
      await page.getByTestId('log-count').or(page.getByRole('alert')).first().waitFor({ timeout: 20_000 });
    },
  );
});
