import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeAnswer, FakeService, RecordedRequest, startGateway } from '../gateway/gateway-harness';
import { closePools } from '../support/env';
import { Account, contextFor, launchChromium, login, screenshot } from './browser';

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

/** The orchestrator as the ops page sees it through the gateway: one incident, one refused compensation. */
function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'GET' && req.path.startsWith('/sagas?')) {
    const q = new URL(`http://x${req.path}`).searchParams;
    const items =
      q.get('incident') === 'open'
        ? [incidentSaga]
        : q.get('status') === 'COMPENSATION_FAILED'
          ? [refusedSaga]
          : [];
    return { status: 200, body: { items, total: items.length, limit: 50, offset: 0 } };
  }
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

  it('lists open incidents and refused compensations (attempts, last error), aborts a selection in bulk', async () => {
    const page = await open('/app/ops');
    const table = page.getByTestId('needs-attention');
    await table.getByRole('row').nth(2).waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Order');
    expect(rows[0]).toContain('No answer (compensating)');
    expect(rows[0]).toContain('charge');
    expect(rows[0]).toContain('7');
    expect(rows[0]).toContain('no reply before the attempt timed out');
    expect(rows[1]).toContain('Compensation refused');
    expect(rows[1]).toContain('the hold is already captured');
    await screenshot(page, 'ops-needs-attention');

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
});
