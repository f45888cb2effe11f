import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** The public path the SPA is served under (its client-side routes live below it). */
export const WEB_BASE = '/app';

/** Where `npm run build:web` puts the SPA (GAVEL_WEB_DIR overrides). */
export const webRoot = (): string =>
  path.resolve(process.env.GAVEL_WEB_DIR || path.join(process.cwd(), 'dist/web'));

export type WebFile = { kind: 'file'; file: string; immutable: boolean } | { kind: 'missing' };

/**
 * Resolves a request below /app to a file of the build: an existing file, else index.html for a
 * client-side route (no extension), else missing. Never leaves the build folder.
 */
export function resolveWebFile(root: string, segments: readonly string[]): WebFile {
  const relative = segments.filter((s) => s.length > 0).join('/');
  const candidate = path.resolve(root, relative);
  const inside = candidate === root || candidate.startsWith(`${root}${path.sep}`);
  if (inside && relative !== '' && isFile(candidate)) {
    return { kind: 'file', file: candidate, immutable: relative.startsWith('assets/') };
  }
  if (path.extname(relative) !== '') return { kind: 'missing' };
  const index = path.join(root, 'index.html');
  return isFile(index) ? { kind: 'file', file: index, immutable: false } : { kind: 'missing' };
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
