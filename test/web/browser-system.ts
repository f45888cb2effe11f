import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceName, System } from '../e2e/system';
import { closePools } from '../support/env';
import { Account, contextFor, launchChromium } from './browser';

/** Every service a page reaches, in the order they start. */
const SERVICES: ServiceName[] = [
  'orchestrator',
  'wallet',
  'payment',
  'warehouse',
  'delivery',
  'notification',
  'lot',
  'gateway',
];

export interface BrowserSystem {
  readonly system: System;
  /** The gateway's base URL; read it inside a test or hook (it is set in `beforeAll`). */
  readonly gw: string;
  /** A page in a fresh context (signed in as `who` when given), resized to `viewport` when given, at `path`. */
  open(path: string, viewport?: { width: number; height: number }, who?: Account): Promise<Page>;
}

/**
 * Registers the hooks a browser spec needs against the real system: before all, chromium and every service
 * as its own process with `env` (after `before`, e.g. a stack container the spec needs); after all, every
 * context opened, chromium, the services and the database pools closed.
 */
export function browserSystem(env: Record<string, string>, before?: () => Promise<unknown>): BrowserSystem {
  const system = new System(env);
  const contexts: BrowserContext[] = [];
  let browser: Browser;
  let gw: string;

  beforeAll(async () => {
    browser = await launchChromium();
    await before?.();
    // One at a time: on a busy machine several Node services booting at once miss the start timeout.
    for (const name of SERVICES) await system.start([name]);
    gw = system.url('gateway');
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await system.stop();
    await closePools();
  });

  return {
    system,
    get gw() {
      return gw;
    },
    async open(path, viewport, who) {
      const context = await contextFor(browser, gw, who);
      contexts.push(context);
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(path);
      return page;
    },
  };
}
