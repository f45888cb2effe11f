import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ApiUser } from '../e2e/client';
import { ROOT, waitFor } from '../support/env';
import { expectAccessible } from './a11y';

export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
/** A phone-sized screen: every page must work at 390 px wide. */
export const PHONE = { width: 390, height: 844 };
/** A desktop screen; every page must work at both. */
export const DESKTOP = { width: 1400, height: 900 };
export const WIDTHS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

/** Debian's chromium (scripts/browser.sh installs it), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.GAVEL_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Account {
  email: string;
  password: string;
  userId: string;
  token: string;
  api: ApiUser;
}

/** Registers through the gateway's API and logs in (the token is what the pages keep in sessionStorage). */
export async function register(
  base: string,
  role: 'buyer' | 'seller',
  name: string = role,
): Promise<Account> {
  const email = `web-${role}-${randomUUID()}@example.test`;
  const password = 'correct-horse-battery';
  const post = (p: string, body: unknown) =>
    fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const reg = await post('/auth/register', { email, password, displayName: name, role });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  const { userId } = (await reg.json()) as { userId: string };
  return login(base, email, password, userId);
}

export async function login(base: string, email: string, password: string, userId = ''): Promise<Account> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { email, password, userId, token: accessToken, api: new ApiUser(base, userId, accessToken) };
}

/** A fresh browser context (own storage) on a phone screen, signed in as `who` when given. */
export async function contextFor(browser: Browser, base: string, who?: Account): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, viewport: PHONE, deviceScaleFactor: 1 });
  if (who)
    await context.addInitScript({
      content: `sessionStorage.setItem('gavel.token', ${JSON.stringify(who.token)});`,
    });
  return context;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the wallet (opened asynchronously from UserRegistered) answers. */
export async function walletOpened(who: Account): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await who.api.call('GET', '/wallet')).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the wallet was never opened');
}

/** The titles of the cards (`testId`) in order, as the page shows them. */
export const cardTitles = (page: Page, testId: string): Promise<string[]> =>
  page.getByTestId(testId).locator('h2').allTextContents();

/** Waits until the list shows exactly these titles (a list reloads after each change). */
export async function showsCards(page: Page, testId: string, expected: string[]): Promise<void> {
  await page.getByTestId(testId).first().waitFor({ timeout: 20_000 });
  await waitFor(
    `cards ${expected.join(', ')}`,
    async () => JSON.stringify(await cardTitles(page, testId)) === JSON.stringify(expected) || undefined,
    20_000,
  );
}

/** Cards in one column on a phone, several side by side on a desktop, and never a horizontal scroll bar. */
export async function checkLayout(page: Page, testId: string, viewport: { width: number }): Promise<void> {
  const boxes = await page.getByTestId(testId).evaluateAll((cards) =>
    cards.map((c) => {
      const r = c.getBoundingClientRect();
      return { x: Math.round(r.x), y: Math.round(r.y), width: r.width };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(2);
  if (viewport.width === PHONE.width) {
    expect(new Set(boxes.map((b) => b.x)).size).toBe(1);
    expect(boxes[1].y).toBeGreaterThan(boxes[0].y);
  } else {
    expect(boxes[1].y).toBe(boxes[0].y);
    expect(boxes[1].x).toBeGreaterThan(boxes[0].x);
  }
  for (const b of boxes) expect(b.width).toBeLessThanOrEqual(viewport.width);
  expect(await noHorizontalScroll(page)).toBe(true);
}

export const noHorizontalScroll = (page: Page): Promise<unknown> =>
  page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

/**
 * The innermost elements that reach past the viewport's right edge (tag, class, first text), outside any
 * element that scrolls on its own: empty when the page has no horizontal scroll, and says what to fix when not.
 */
export const overflowingElements = (page: Page): Promise<string[]> =>
  page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el))
      .filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)))
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
        ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
  })()`);

/** The page does not scroll sideways; when it does, the failure names the elements that reach past the edge. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  if (await noHorizontalScroll(page)) return;
  expect(await overflowingElements(page)).toEqual([]);
  throw new Error('the page scrolls sideways, though no element reaches past the viewport');
}

/**
 * The page as it is now at both widths: `<name>-phone.png` and `<name>-desktop.png`, each width checked for
 * a horizontal scroll and audited with axe-core. The same page is resized (its state kept), then left at the
 * phone width the contexts start with.
 */
export async function screenshotAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [width, viewport] of WIDTHS) {
    await page.setViewportSize(viewport);
    await expectNoHorizontalScroll(page);
    await screenshot(page, `${name}-${width}`);
    await expectAccessible(page);
  }
  await page.setViewportSize(PHONE);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 48×36 PNG of one colour (a photo a browser can draw, for galleries and screenshots). */
export function solidPng([r, g, b]: [number, number, number]): Buffer {
  const width = 48;
  const height = 36;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat()),
  ]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
