import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { GOOD_ADDRESS, NOWHERE, Order } from '../e2e/client';
import { stack, waitFor } from '../support/env';
import { Account, login, register, screenshotAtBothWidths, walletOpened } from './browser';
import { browserSystem } from './browser-system';

/** What `GET /admin/sagas/:id` answers, as far as the ops test reads it. */
interface SagaDetail {
  correlationId: string;
  events: { seq: number; type: string; metadata?: { actor?: string; traceparent?: string } }[];
}

interface LogLine {
  service: string;
  message: string;
  traceId?: string;
}

/**
 * The web pages in a real browser (Debian chromium via playwright-core) against the real system:
 * the built gateway serving dist/web under /app, every service as its own process, Kafka, Debezium.
 * Needs `npm run build && npm run build:web` and `bash scripts/browser.sh` first.
 */
describe('web pages in a browser', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  // Logs shipped to OpenSearch: the ops test follows a saga to its logs and a trace.
  const web = browserSystem(
    {
      GAVEL_LOG_SHIPPING: 'on',
      GAVEL_ORDER_WAIT_MS: '8000',
      GAVEL_ADMIN_EMAIL: adminLogin.email,
      GAVEL_ADMIN_PASSWORD: adminLogin.password,
    },
    () => stack('up', 'opensearch'),
  );
  let seller: Account;
  beforeAll(async () => {
    seller = await register(web.gw, 'seller', 'Sam Seller');
  });
  const open = (path: string, who?: Account): Promise<Page> => web.open(path, undefined, who);

  async function lot(title: string): Promise<string> {
    const res = await seller.api.call<{ id: string }>('POST', '/lots', {
      title,
      description: 'A brass desk lamp from the 1950s, working.',
      sku: `sku-${randomUUID().slice(0, 8)}`,
      startPrice: '10000',
      increment: { kind: 'percent', value: 5 },
      endsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      softCloseWindowS: 60,
      softCloseExtensionS: 60,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function fillAddress(page: Page, address = GOOD_ADDRESS): Promise<void> {
    await page.getByLabel('Full name').fill(address.name);
    await page.getByLabel('Street and number').fill(address.line1);
    await page.getByLabel('City').fill(address.city);
    await page.getByLabel('Postcode').fill(address.postcode);
    await page.getByLabel('Country code (e.g. NL)').fill(address.country);
  }

  it('registers, signs out and signs back in with the keyboard; the JWT lives in sessionStorage', async () => {
    const email = `web-${randomUUID()}@example.test`;
    const page = await open('/');
    expect(page.url()).toBe(`${web.gw}/app/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await page.getByLabel('Display name').fill('Ada Web');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct-horse-battery');
    await screenshotAtBothWidths(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Sign out Ada Web' }).waitFor();
    expect(await page.evaluate("typeof sessionStorage.getItem('gavel.token')")).toBe('string');

    await page.getByRole('button', { name: 'Sign out Ada Web' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('gavel.token')")).toBeNull();
    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong-password-123');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /AUTH\./ })
      .waitFor();
    await screenshotAtBothWidths(page, 'login');
    await page.getByLabel('Password').fill('correct-horse-battery');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out Ada Web' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Lots' }).waitFor();
  });

  it('shows a compensated order on the ops timeline', async () => {
    const buyer = await register(web.gw, 'buyer');
    await buyer.api.topUp(100_000);
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.api.call('POST', '/items', { sku, title: 'Lamp', onHand: 3 })).status).toBe(201);
    const placed = await buyer.api.call<Order>(
      'POST',
      '/orders',
      { sku, quantity: 1, amount: 1000, sellerId: seller.userId, address: NOWHERE },
      { 'idempotency-key': randomUUID() },
    );
    expect([201, 202]).toContain(placed.status);
    const order = await waitFor('the order to settle', async () => {
      const o = await buyer.api.call<Order>('GET', `/orders/${placed.body.orderId}`);
      return o.body.status !== 'PENDING' && o.body;
    });
    expect(order).toMatchObject({ status: 'CANCELLED', code: 'DELIVERY.UNDELIVERABLE_ADDRESS' });

    const admin = await login(web.gw, adminLogin.email, adminLogin.password);
    const list = await open('/app/ops', admin);
    await list.getByLabel('Status').selectOption('COMPENSATED');
    await list.getByRole('button', { name: 'Filter' }).click();
    await list.getByRole('link', { name: order.orderId.slice(0, 13) }).waitFor();
    await screenshotAtBothWidths(list, 'ops-sagas');

    await list.getByRole('link', { name: order.orderId.slice(0, 13) }).click();
    await list.getByTestId('saga-status').filter({ hasText: 'COMPENSATED' }).waitFor();
    const timeline = list.getByTestId('timeline');
    const steps = await timeline.locator('li').allTextContents();
    expect(
      steps
        .filter((s) => s.includes('CompensationSucceeded'))
        .map((s) => /CompensationSucceeded · (\w+)/.exec(s)?.[1]),
    ).toEqual(['reserveStock', 'charge', 'reserveFunds']);
    expect(steps.some((s) => s.includes('DELIVERY.UNDELIVERABLE_ADDRESS'))).toBe(true);
    for (const name of ['Retry step', 'Compensate', 'Abort'])
      await list.getByRole('button', { name }).waitFor();
    // Each step it took, with its attempts and how long it took, going forward and turning back.
    const timings = await list.getByTestId('step-timing').allTextContents();
    expect(timings.length).toBeGreaterThanOrEqual(4);
    for (const t of timings) expect(t).toMatch(/^\d+ attempts?, took \d/);
    expect(await list.getByTestId('step-undo').allTextContents()).toContainEqual(
      expect.stringMatching(/^Undone · \d+ attempts?, took \d/),
    );

    // Links to its logs (its correlation id) and to the traces its events were decided in.
    const sagaId = decodeURIComponent(new URL(list.url()).pathname.split('/').pop() ?? '');
    const { body: saga } = await admin.api.call<SagaDetail>(
      'GET',
      `/admin/sagas/${encodeURIComponent(sagaId)}`,
    );
    const traceIds = [...new Set(saga.events.flatMap((e) => e.metadata?.traceparent?.split('-')[1] ?? []))];
    // The buyer's request started it: its first events carry that request's trace.
    expect(saga.events[0].metadata?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
    const logsLink = list.getByRole('link', { name: 'Logs of this saga' });
    expect(await logsLink.getAttribute('href')).toBe(
      `/app/ops/logs?correlationId=${encodeURIComponent(saga.correlationId)}`,
    );
    const traceLinks = list.getByTestId('saga-traces').getByRole('link');
    expect(await traceLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(
      traceIds.map((id) => `/app/ops/logs?traceId=${id}`),
    );
    await screenshotAtBothWidths(list, 'ops-saga-timeline');

    // The log search page opens on the saga's correlation id and searches at once (once OpenSearch has them).
    const logsOf = async (query: string): Promise<LogLine[] | undefined> => {
      const r = await admin.api.call<{ items: LogLine[] }>('GET', `/admin/logs?${query}&since=1h`);
      return r.status === 200 && r.body.items.length > 0 ? r.body.items : undefined;
    };
    await waitFor(
      'the saga’s log lines in OpenSearch',
      async () =>
        (await logsOf(`correlationId=${encodeURIComponent(saga.correlationId)}`))?.some(
          (l) => l.service === 'orchestrator',
        ),
      30_000,
      500,
    );
    await logsLink.click();
    await list.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
    expect(await list.getByLabel('Correlation id').inputValue()).toBe(saga.correlationId);
    const lines = list.getByTestId('log-lines').locator('li');
    await lines.filter({ hasText: 'orchestrator' }).first().waitFor({ timeout: 20_000 });
    expect(await list.getByTestId('log-count').textContent()).toContain(
      `with correlation id ${saga.correlationId}, oldest first.`,
    );
    await screenshotAtBothWidths(list, 'ops-logs');

    // Back on the saga, its first trace: every service's log lines of that trace id.
    await list.evaluate('history.back()');
    await list.getByTestId('saga-traces').waitFor();
    const [traceId] = traceIds;
    const traced = await waitFor(
      'the trace’s log lines in OpenSearch',
      () => logsOf(`traceId=${traceId}`),
      30_000,
      500,
    );
    await list.getByRole('link', { name: `Logs of trace ${traceId.slice(0, 8)}` }).click();
    await list.getByRole('heading', { level: 1, name: 'Trace' }).waitFor();
    expect(await list.getByLabel('Trace id').inputValue()).toBe(traceId);
    await lines.first().waitFor({ timeout: 20_000 });
    expect(await lines.count()).toBeGreaterThanOrEqual(traced.length);
    await screenshotAtBothWidths(list, 'ops-trace');
  });

  it('tells a buyer without funds that the bid needs a top-up (402)', async () => {
    const lotId = await lot(`Lamp ${randomUUID().slice(0, 6)}`);
    const broke = await register(web.gw, 'buyer', 'Bo Broke');
    await walletOpened(broke);
    const page = await open(`/app/lots/${lotId}`, broke);
    await page.getByTestId('current-price').filter({ hasText: '$100.00' }).waitFor();
    await fillAddress(page);
    await page.getByRole('button', { name: '+5% · $105.00' }).click();
    const notice = page.getByTestId('insufficient-funds');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain('Insufficient funds');
    expect(await notice.getAttribute('role')).toBe('alert');
    await screenshotAtBothWidths(page, 'auction-insufficient-funds');
    await page.getByRole('link', { name: 'Top up your wallet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wallet' }).waitFor();
    await page.getByTestId('spendable').filter({ hasText: '$0.00' }).waitFor();
  });

  it('shows two buyers each other’s bids live, and the outbid notice', async () => {
    const title = `Clock ${randomUUID().slice(0, 6)}`;
    const lotId = await lot(title);
    const [alice, bob] = await Promise.all([
      register(web.gw, 'buyer', 'Alice'),
      register(web.gw, 'buyer', 'Bob'),
    ]);
    await Promise.all([alice.api.topUp(100_000), bob.api.topUp(100_000)]);
    const [pa, pb] = await Promise.all([open(`/app/lots/${lotId}`, alice), open(`/app/lots/${lotId}`, bob)]);
    for (const p of [pa, pb]) {
      await p.getByText('Live updates on').waitFor();
      await fillAddress(p);
    }

    await pa.getByRole('button', { name: '+5% · $105.00' }).click();
    await pa
      .getByRole('status')
      .filter({ hasText: 'Your bid of $105.00 leads' })
      .waitFor({ timeout: 75_000 });
    await pb.getByTestId('current-price').filter({ hasText: '$105.00' }).waitFor({ timeout: 20_000 });
    await pb.getByTestId('bid-history').filter({ hasText: '$105.00' }).waitFor();

    await pb.getByRole('button', { name: '+10% · $115.50' }).click();
    await pb
      .getByRole('status')
      .filter({ hasText: 'Your bid of $115.50 leads' })
      .waitFor({ timeout: 75_000 });
    await pa.getByTestId('current-price').filter({ hasText: '$115.50' }).waitFor({ timeout: 20_000 });
    await pa.getByTestId('outbid').filter({ hasText: 'You were outbid' }).waitFor({ timeout: 20_000 });
    expect(await pa.getByTestId('bid-history').locator('li').allTextContents()).toEqual([
      expect.stringContaining('$115.50'),
      expect.stringContaining('$105.00 by you'),
    ]);
    await screenshotAtBothWidths(pa, 'auction-live');

    const lots = await open('/app/', bob);
    await lots.getByLabel('Search lots').fill(title);
    await lots.getByRole('button', { name: 'Search' }).click();
    await lots.getByRole('link', { name: title }).waitFor({ timeout: 20_000 });
    await screenshotAtBothWidths(lots, 'lots');
    const wallet = await open('/app/wallet', bob);
    await wallet.getByTestId('spendable').filter({ hasText: '$884.50' }).waitFor();
    await screenshotAtBothWidths(wallet, 'wallet');
    const notifications = await open('/app/notifications', alice);
    await notifications.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await screenshotAtBothWidths(notifications, 'notifications');
  });

  it('shows the empty state of a search and the sell form', async () => {
    const page = await open(`/app/`, seller);
    await page.getByLabel('Search lots').fill(`nothing-${randomUUID()}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/No lots match/).waitFor({ timeout: 20_000 });
    await screenshotAtBothWidths(page, 'lots-empty');
    await page.getByRole('link', { name: 'Put the first lot up for auction' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sell a lot' }).waitFor();
    await screenshotAtBothWidths(page, 'sell');
  });
});
