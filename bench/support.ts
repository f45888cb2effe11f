import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RESULTS = path.resolve(__dirname, '../../bench/results');

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function writeResult(file: string, result: object): string {
  mkdirSync(RESULTS, { recursive: true });
  const target = path.join(RESULTS, file);
  writeFileSync(target, `${JSON.stringify(result, null, 2)}\n`);
  return target;
}

export function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}

/** A result that is not published (short runs inside the test command): .gavel/reports/. */
export function writeReport(file: string, result: object): string {
  const dir = path.resolve(__dirname, '../../.gavel/reports');
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, file);
  writeFileSync(target, `${JSON.stringify(result, null, 2)}\n`);
  return target;
}
