/**
 * Summarises a V8 .cpuprofile: self time by function and by package (node_modules/<pkg>, node
 * internals, Gavel's apps/libs, GC/idle), as shares of the non-idle samples.
 *
 *   node dist/bench/cpu-profile-summary.js .gavel/prof/<file>.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function bucket(url: string, fn: string): string {
  if (fn === '(garbage collector)') return '(gc)';
  if (fn === '(program)' || fn === '(idle)') return fn;
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1];
  if (url.startsWith('node:') || url === '') return 'node internals';
  const own = /dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  return own ? own[1] : url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  let busy = 0;
  for (const [id, n] of hits) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += n;
    const short = url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + n);
    const b = bucket(url, functionName);
    pkgs.set(b, (pkgs.get(b) ?? 0) + n);
  }
  const top = Number(topArg ?? 25);
  const pct = (n: number): string => `${((100 * n) / busy).toFixed(1)}%`;
  process.stdout.write(`non-idle samples: ${busy} of ${profile.samples.length}\n\nby package (self time):\n`);
  for (const [k, n] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${pct(n).padStart(6)}  ${k}\n`);
  process.stdout.write(`\nby function (self time):\n`);
  for (const [k, n] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${pct(n).padStart(6)}  ${k}\n`);
}

main();
