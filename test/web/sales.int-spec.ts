import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { GOOD_ADDRESS } from '../e2e/client';
import { waitFor } from '../support/env';
import { expectAccessible } from './a11y';
import {
  Account,
  cardTitles,
  checkLayout,
  noHorizontalScroll,
  PHONE,
  register,
  screenshot,
  showsCards,
  solidPng,
  WIDTHS,
} from './browser';
import { browserSystem } from './browser-system';

const RED: [number, number, number] = [178, 34, 34];
const GREEN: [number, number, number] = [34, 139, 34];
const BLUE: [number, number, number] = [30, 80, 180];

/**
 * Selling and what follows it in a real browser (Debian chromium via playwright-core) against the real
 * system, at phone and desktop widths: a lot put up with several photos and its gallery, search results
 * with the query marked, "My lots" for the seller and a won lot's order on "My bids", each page audited
 * with axe-core. Needs `npm run build && npm run build:web` and `bash scripts/browser.sh` first.
 */
describe('selling, the gallery, search and orders in a browser', () => {
  const web = browserSystem({ GAVEL_ORDER_WAIT_MS: '8000' });

  async function createLot(
    seller: Account,
    title: string,
    over: { endsInS?: number; sku?: string; description?: string } = {},
  ): Promise<string> {
    const res = await seller.api.call<{ id: string }>('POST', '/lots', {
      title,
      description: over.description ?? 'A brass desk lamp from the 1950s, working.',
      sku: over.sku ?? `sku-${randomUUID().slice(0, 8)}`,
      startPrice: '10000',
      increment: { kind: 'percent', value: 5 },
      endsAt: new Date(Date.now() + (over.endsInS ?? 3600) * 1000).toISOString(),
      softCloseWindowS: 0,
      softCloseExtensionS: 0,
    });
    expect(res.status).toBe(201);
    return res.body.id;
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

  const closed = (who: Account, lotId: string) =>
    waitFor(`lot ${lotId} to close`, async () => {
      const lot = await who.api.call<{ status: string }>('GET', `/lots/${lotId}`);
      return lot.body.status === 'CLOSED' || undefined;
    });

  const position = (page: Page) => page.getByTestId('photo-position').textContent();
  const shownPhoto = (page: Page) => page.getByTestId('gallery-photo').getAttribute('src');

  it.each(WIDTHS)(
    'puts a lot up with three photos and shows them in a gallery the keyboard can move through (%s)',
    async (width, viewport) => {
      const seller = await register(web.gw, 'seller', 'Sam Seller');
      const title = `Lamp ${randomUUID().slice(0, 6)}`;
      const page = await web.open('/app/lots/new', viewport, seller);
      await page.getByRole('heading', { level: 1, name: 'Sell a lot' }).waitFor();
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill('Brass, 1950s, with its original shade.');
      await page.getByLabel('Warehouse SKU').fill(`sku-${randomUUID().slice(0, 8)}`);
      await page.getByLabel('Start price (USD)').fill('100');
      await page.getByLabel('Photos').setInputFiles(
        [RED, GREEN, BLUE].map((rgb, i) => ({
          name: `lamp-${i + 1}.png`,
          mimeType: 'image/png',
          buffer: solidPng(rgb),
        })),
      );
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Put up for auction' }).click();

      await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 20_000 });
      const lotId = /\/app\/lots\/([^/?]+)$/.exec(page.url())?.[1];
      expect(lotId).toBeTruthy();
      const gallery = page.getByRole('region', { name: `Photos of ${title}` });
      await gallery.waitFor();
      expect(await position(page)).toBe('Photo 1 of 3');
      expect(await shownPhoto(page)).toBe(`/lots/${lotId}/photo`);
      expect(await page.getByTestId('gallery-photo').getAttribute('alt')).toBe(`Photo 1 of 3: ${title}`);
      // The photos are real images the browser drew.
      await page.waitForFunction("document.querySelector('[data-testid=gallery-photo]').naturalWidth === 48");
      await screenshot(page, `lot-gallery-${width}`);

      // Keyboard: the arrows, Home and End move within the gallery; Tab reaches each thumbnail.
      await page.getByRole('button', { name: 'Next photo' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await position(page)).toBe('Photo 2 of 3');
      await page.keyboard.press('End');
      expect(await position(page)).toBe('Photo 3 of 3');
      await page.keyboard.press('ArrowRight');
      expect(await position(page)).toBe('Photo 1 of 3');
      await page.keyboard.press('ArrowLeft');
      expect(await position(page)).toBe('Photo 3 of 3');
      await page.keyboard.press('Home');
      expect(await position(page)).toBe('Photo 1 of 3');
      await page.keyboard.press('Tab');
      expect(await page.evaluate("document.activeElement.getAttribute('aria-label')")).toBe(
        'Show photo 1 of 3',
      );
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await position(page)).toBe('Photo 2 of 3');
      expect(await page.getByRole('button', { name: 'Show photo 2 of 3' }).getAttribute('aria-current')).toBe(
        'true',
      );
      const second = await shownPhoto(page);
      expect(second).toMatch(new RegExp(`^/lots/${lotId}/photos/[0-9a-f-]{36}$`));
      await page.getByRole('button', { name: 'Show photo 3 of 3' }).click();
      expect(await shownPhoto(page)).not.toBe(second);
      expect(await noHorizontalScroll(page)).toBe(true);
      await expectAccessible(page);
    },
  );

  it('marks the query in search results, as text: a title with markup stays text', async () => {
    const seller = await register(web.gw, 'seller', 'Sam Seller');
    const word = `quill${randomUUID().slice(0, 6).replace(/-/g, '')}`;
    const title = `<img src=x onerror="window.__xss=1"> ${word} pen`;
    await createLot(seller, title, {
      description: `A fountain pen in its box. The ${word} nib is gold and writes smoothly; a spare nib comes with it.`,
    });
    await waitFor(
      'the lot in the search index',
      async () => {
        const r = await seller.api.call<{ total: number }>('GET', `/lots/search?q=${word}`);
        return r.body.total === 1 || undefined;
      },
      30_000,
      300,
    );
    for (const [width, viewport] of WIDTHS) {
      const page = await web.open('/app/', viewport);
      await page.getByLabel('Search lots').fill(word);
      await page.getByRole('button', { name: 'Search' }).click();
      const card = page.getByTestId('lot-card').filter({ hasText: word });
      await card.waitFor({ timeout: 20_000 });
      expect(await card.locator('h2 mark').allTextContents()).toEqual([word]);
      expect(await card.locator('h2').textContent()).toBe(title);
      expect(await card.locator('h2 img').count()).toBe(0);
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      const snippet = card.getByTestId('snippet');
      expect(await snippet.locator('mark').allTextContents()).toEqual([word]);
      // The snippet is the sentence that matched (OpenSearch cuts fragments at sentence boundaries).
      expect(await snippet.textContent()).toContain(`The ${word} nib is gold and writes smoothly`);
      await screenshot(page, `lots-search-${width}`);
      await expectAccessible(page);
    }
  });

  it.each(WIDTHS)(
    "shows a seller their lots with status, price, bids, outcome and the buyer's order; the winner sees it on My bids (%s)",
    async (width, viewport) => {
      const seller = await register(web.gw, 'seller', 'Sam Seller');
      const tag = randomUUID().slice(0, 6);
      const sku = `sku-${tag}`;
      expect(
        (await seller.api.call('POST', '/items', { sku, title: `Clock ${tag}`, onHand: 1 })).status,
      ).toBe(201);
      const buyer = await register(web.gw, 'buyer', 'Ada Buyer');
      await buyer.api.topUp(100_000);
      const open1 = await createLot(seller, `Vase ${tag}`);
      // The clock closes 15 s from now: time for the buyer's first bid (it raises an allowance first).
      const sold = await createLot(seller, `Clock ${tag}`, { endsInS: 15, sku });
      const unsold = await createLot(seller, `Mirror ${tag}`, { endsInS: 4 });
      await bid(buyer, open1, 10_000);
      await bid(buyer, sold, 10_000);
      await closed(seller, sold);
      await closed(seller, unsold);

      const page = await web.open('/app/', viewport, seller);
      await page.getByRole('link', { name: 'My lots' }).click();
      await page.getByRole('heading', { level: 1, name: 'My lots' }).waitFor();
      expect(page.url()).toBe(`${web.gw}/app/my-lots`);
      const cards = page.getByTestId('seller-lot');
      await showsCards(page, 'seller-lot', [`Mirror ${tag}`, `Clock ${tag}`, `Vase ${tag}`]);
      const card = (name: string) => cards.filter({ hasText: `${name} ${tag}` });
      expect(await card('Vase').getByTestId('outcome').textContent()).toBe('Open, bids coming in');
      expect(await card('Vase').getByTestId('price').textContent()).toBe('$100.00');
      expect(await card('Vase').getByTestId('bids').textContent()).toBe('1');
      expect(await card('Mirror').getByTestId('outcome').textContent()).toBe('Not sold: no bids');
      expect(await card('Clock').getByTestId('outcome').textContent()).toBe('Sold for $100.00');
      // The winner's order runs its saga (funds, payment, stock, delivery, capture) and completes.
      await card('Clock')
        .getByTestId('order-status')
        .filter({ hasText: 'Completed' })
        .waitFor({ timeout: 60_000 });
      expect(await card('Clock').getByTestId('order-status').textContent()).toContain('delivery booked');
      await checkLayout(page, 'seller-lot', viewport);
      await screenshot(page, `my-lots-${width}`);
      await expectAccessible(page);

      await page.getByLabel('Show').selectOption({ label: 'Closed' });
      await showsCards(page, 'seller-lot', [`Mirror ${tag}`, `Clock ${tag}`]);
      expect(page.url()).toBe(`${web.gw}/app/my-lots?show=CLOSED`);
      expect(await cardTitles(page, 'seller-lot')).not.toContain(`Vase ${tag}`);

      const mine = await web.open('/app/my-bids', viewport, buyer);
      const won = mine.getByTestId('my-lot').filter({ hasText: `Clock ${tag}` });
      await won.getByTestId('position').filter({ hasText: 'Won' }).waitFor({ timeout: 20_000 });
      await won.getByTestId('order-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
      await screenshot(mine, `my-bids-won-${width}`);
      await expectAccessible(mine);
    },
  );

  it('tells a seller with no lots where to start, and keeps My lots from buyers', async () => {
    const seller = await register(web.gw, 'seller', 'Sam Seller');
    const page = await web.open('/app/my-lots', PHONE, seller);
    await page
      .getByTestId('empty')
      .filter({ hasText: 'You have not put any lot up for auction yet.' })
      .waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Put a lot up for auction' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sell a lot' }).waitFor();

    const buyer = await register(web.gw, 'buyer', 'Bo Buyer');
    const theirs = await web.open('/app/my-lots', PHONE, buyer);
    await theirs.getByText('with a seller account').waitFor();
    expect(await theirs.getByRole('link', { name: 'My lots' }).count()).toBe(0);
  });
});
