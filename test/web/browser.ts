import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ApiUser } from '../e2e/client';
import { ROOT } from '../support/env';

export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
/** A phone-sized screen: every page must work at 390 px wide. */
export const PHONE = { width: 390, height: 844 };

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
