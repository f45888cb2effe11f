import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** What the audit reports of one violated rule. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let source: string | undefined;

/**
 * axe-core's browser bundle, read from node_modules at run time (a dev dependency: `npm install -D
 * axe-core`); no types are needed, since it runs in the page.
 */
function axeSource(): string {
  if (source) return source;
  let file: string;
  try {
    file = require.resolve('axe-core/axe.min.js');
  } catch {
    throw new Error('the accessibility audit needs axe-core: npm install --save-dev axe-core@^4.14.1');
  }
  source = readFileSync(file, 'utf8');
  return source;
}

/** Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now. */
export async function auditPage(page: Page): Promise<Violation[]> {
  if ((await page.evaluate('typeof window.axe')) !== 'object')
    await page.addScriptTag({ content: axeSource() });
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  })))`) as Promise<Violation[]>;
}

/** No serious or critical violation on the page (moderate and minor ones are left to review). */
export async function expectAccessible(page: Page): Promise<void> {
  const serious = (await auditPage(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious).toEqual([]);
}
