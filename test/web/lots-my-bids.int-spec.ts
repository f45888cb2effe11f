import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { GOOD_ADDRESS } from '../e2e/client';
import { waitFor } from '../support/env';
import { expectAccessible } from './a11y';
import { Account, checkLayout, PHONE, register, showsCards, WIDTHS } from './browser';
import { browserSystem } from './browser-system';

/** The smallest PNG the lot service takes (it checks the magic bytes). */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

/**
 * The lots page (filters, sort, paging, empty states, cards) and "My bids" in a real browser (Debian
 * chromium via playwright-core) against the real system, at phone and desktop widths.
 * Needs `npm run build && npm run build:web` and `bash scripts/browser.sh` first.
 */
describe('lots and my bids in a browser', () => {
  const web = browserSystem({ GAVEL_ORDER_WAIT_MS: '8000' });

  async function createLot(
    seller: Account,
    title: string,
    endsInS: number,
    startPrice: number,
  ): Promise<string> {
    const res = await seller.api.call<{ id: string }>('POST', '/lots', {
      title,
      description: 'A brass desk lamp from the 1950s, working.',
      sku: `sku-${randomUUID().slice(0, 8)}`,
      startPrice: String(startPrice),
      increment: { kind: 'percent', value: 5 },
      endsAt: new Date(Date.now() + endsInS * 1000).toISOString(),
      softCloseWindowS: 0,
      softCloseExtensionS: 0,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function uploadPhoto(seller: Account, lotId: string): Promise<void> {
    const form = new FormData();
    form.append('photo', new Blob([PNG], { type: 'image/png' }), 'lamp.png');
    const res = await fetch(`${web.gw}/lots/${lotId}/photo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seller.token}` },
      body: form,
    });
    expect(res.status).toBe(201);
  }

  async function bid(buyer: Account, lotId: string, amount: number): Promise<void> {
    const res = await buyer.api.call(
      'POST',
      `/lots/${lotId}/bids`,
      { amount, address: GOOD_ADDRESS },
      { 'idempotency-key': randomUUID() },
    );
    expect(res.status).toBe(201);
  }

  const shows = (page: Page, expected: string[], testId = 'lot-card') => showsCards(page, testId, expected);

  async function emptyState(page: Page, text: string): Promise<void> {
    await page.getByTestId('empty').filter({ hasText: text }).waitFor({ timeout: 20_000 });
  }

  it.each(WIDTHS)(
    'filters, sorts and pages the lots, with an empty state per filter (%s)',
    async (_, viewport) => {
      const seller = await register(web.gw, 'seller', 'Sam Seller');
      const tag = randomUUID().slice(0, 6);
      const name = (n: string) => `${n} ${tag}`;
      const page = await web.open(`/app/?seller=${seller.userId}`, viewport);

      // Empty states: the seller has no lots yet.
      await page.getByRole('heading', { level: 1, name: 'Lots' }).waitFor();
      await emptyState(page, 'No open lots yet.');
      await page.getByLabel('Show').selectOption({ label: 'Ending soon (within 1 hour)' });
      await emptyState(page, 'Nothing ends within the hour.');
      await page.getByLabel('Show').selectOption({ label: 'Closed' });
      await emptyState(page, 'No closed lots yet.');

      // A ends in two hours at $30, B in 30 minutes at $10, C in 45 minutes at $20; D closes at once.
      const a = await createLot(seller, name('Lamp A'), 7200, 3000);
      await createLot(seller, name('Lamp B'), 1800, 1000);
      await createLot(seller, name('Lamp C'), 2700, 2000);
      const d = await createLot(seller, name('Lamp D'), 4, 4000);
      await uploadPhoto(seller, a);
      await waitFor('lot D to close', async () => {
        const lot = await seller.api.call<{ status: string }>('GET', `/lots/${d}`);
        return lot.body.status === 'CLOSED' || undefined;
      });

      await page.goto(`/app/?seller=${seller.userId}`);
      await shows(page, [name('Lamp B'), name('Lamp C'), name('Lamp A')]);
      expect(await page.getByLabel('Sort by').inputValue()).toBe('ending');
      const cards = page.getByTestId('lot-card');
      expect(await cards.getByTestId('countdown').allTextContents()).toEqual([
        expect.stringMatching(/ left$/),
        expect.stringMatching(/ left$/),
        expect.stringMatching(/ left$/),
      ]);
      expect(await cards.getByTestId('card-price').allTextContents()).toEqual(['$10.00', '$20.00', '$30.00']);
      // A has a photo (lazy, its title as alt text); B and C show the placeholder.
      const photo = cards.filter({ hasText: name('Lamp A') }).locator('img');
      expect(await photo.getAttribute('alt')).toBe(name('Lamp A'));
      expect(await photo.getAttribute('loading')).toBe('lazy');
      expect(await cards.locator('.thumb.placeholder').count()).toBe(2);
      await checkLayout(page, 'lot-card', viewport);
      await expectAccessible(page);

      await page.getByLabel('Sort by').selectOption({ label: 'Newest' });
      await shows(page, [name('Lamp C'), name('Lamp B'), name('Lamp A')]);
      await page.getByLabel('Sort by').selectOption({ label: 'Price: low to high' });
      await shows(page, [name('Lamp B'), name('Lamp C'), name('Lamp A')]);
      await page.getByLabel('Sort by').selectOption({ label: 'Price: high to low' });
      await shows(page, [name('Lamp A'), name('Lamp C'), name('Lamp B')]);

      await page.getByLabel('Show').selectOption({ label: 'Ending soon (within 1 hour)' });
      await shows(page, [name('Lamp C'), name('Lamp B')]);
      await page.getByLabel('Sort by').selectOption({ label: 'Ending soonest' });
      await shows(page, [name('Lamp B'), name('Lamp C')]);

      // Closed lots only under "Closed" (never mixed with open ones), sorted by when they ended.
      await page.getByLabel('Show').selectOption({ label: 'Closed' });
      await shows(page, [name('Lamp D')]);
      expect(await page.getByLabel('Sort by').inputValue()).toBe('ended');
      expect(await cards.getByTestId('countdown').allTextContents()).toEqual(['Auction closed']);

      // Back undoes the filter: the address holds it.
      await page.goBack();
      await shows(page, [name('Lamp B'), name('Lamp C')]);

      // Paging, two at a time, over every lot, newest first.
      await page.goto(`/app/?seller=${seller.userId}&show=all&sort=newest&limit=2`);
      await shows(page, [name('Lamp D'), name('Lamp C')]);
      await page.getByTestId('page-range').filter({ hasText: '1–2 of 4' }).waitFor();
      expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Next' }).click();
      await shows(page, [name('Lamp B'), name('Lamp A')]);
      await page.getByTestId('page-range').filter({ hasText: '3–4 of 4' }).waitFor();
      expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous' }).click();
      await shows(page, [name('Lamp D'), name('Lamp C')]);

      // Keyboard: the control that has focus shows it.
      await page.getByLabel('Search lots').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        '({ id: document.activeElement.id, outline: getComputedStyle(document.activeElement).outlineStyle })',
      );
      expect(focused).toEqual({ id: 'lot-show', outline: 'solid' });
    },
  );

  it.each(WIDTHS)(
    'shows a buyer the lots they bid on, where they stand, what is held, and raises in one click (%s)',
    async (_, viewport) => {
      const seller = await register(web.gw, 'seller', 'Sam Seller');
      const tag = randomUUID().slice(0, 6);
      const first = `Clock ${tag}`;
      const second = `Vase ${tag}`;
      const clock = await createLot(seller, first, 1200, 10_000);
      const vase = await createLot(seller, second, 2400, 10_000);
      const [alice, bob] = await Promise.all([
        register(web.gw, 'buyer', 'Alice'),
        register(web.gw, 'buyer', 'Bob'),
      ]);
      await Promise.all([alice.api.topUp(100_000), bob.api.topUp(100_000)]);
      await bid(alice, clock, 10_000);
      await bid(alice, vase, 10_000);
      await bid(bob, clock, 10_500);

      // Sellers have no "My bids"; buyers find it in the nav.
      const sellerPage = await web.open('/app/', viewport, seller);
      await sellerPage.getByRole('button', { name: 'Sign out Sam Seller' }).waitFor();
      expect(await sellerPage.getByRole('link', { name: 'My bids' }).count()).toBe(0);

      const page = await web.open('/app/', viewport, alice);
      await page.getByRole('link', { name: 'My bids' }).click();
      await page.getByRole('heading', { level: 1, name: 'My bids' }).waitFor();
      expect(page.url()).toBe(`${web.gw}/app/my-bids`);
      // Open lots first, ending soonest first: the clock (20 minutes) before the vase (40).
      await shows(page, [first, second], 'my-lot');
      const clockCard = page.getByTestId('my-lot').filter({ hasText: first });
      const vaseCard = page.getByTestId('my-lot').filter({ hasText: second });
      expect(await clockCard.getByTestId('position').textContent()).toBe('Outbid');
      expect(await clockCard.getByTestId('my-highest').textContent()).toBe('$100.00');
      expect(await clockCard.getByTestId('price').textContent()).toBe('$105.00');
      expect(await vaseCard.getByTestId('position').textContent()).toBe('Leading');
      expect(await vaseCard.getByTestId('allowance').textContent()).toContain('$100.00');
      expect(await vaseCard.getByRole('button', { name: /^Bid / }).count()).toBe(0);
      await checkLayout(page, 'my-lot', viewport);
      await expectAccessible(page);

      // No delivery address saved yet: the raise goes through the lot page.
      await clockCard.getByRole('link', { name: 'Bid $110.25 on the lot page' }).waitFor();
      await page.evaluate(
        `localStorage.setItem('gavel.address', ${JSON.stringify(JSON.stringify(GOOD_ADDRESS))})`,
      );
      await page.reload();
      await shows(page, [first, second], 'my-lot');
      await clockCard.getByRole('button', { name: 'Bid $110.25' }).click();
      await clockCard
        .getByRole('status')
        .filter({ hasText: 'Your bid of $110.25 leads.' })
        .waitFor({ timeout: 30_000 });
      await clockCard.getByTestId('position').filter({ hasText: 'Leading' }).waitFor();
      expect(await clockCard.getByTestId('my-highest').textContent()).toBe('$110.25');
    },
  );

  it('tells a buyer with no bids where to start', async () => {
    const carol = await register(web.gw, 'buyer', 'Carol');
    const page = await web.open('/app/my-bids', PHONE, carol);
    await emptyState(page, 'You have not bid on any lot yet.');
    await page.getByRole('link', { name: 'Browse open lots' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lots' }).waitFor();
  });
});
