import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveWebFile } from './web-files';

describe('resolveWebFile', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'gavel-web-'));
  const root = path.join(parent, 'web');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<html></html>');
  writeFileSync(path.join(root, 'assets/app-1.js'), '');
  writeFileSync(path.join(parent, 'secret.txt'), 'no');

  it('serves built files, assets as immutable', () => {
    expect(resolveWebFile(root, ['assets', 'app-1.js'])).toEqual({
      kind: 'file',
      file: path.join(root, 'assets/app-1.js'),
      immutable: true,
    });
  });

  it('answers client-side routes with index.html', () => {
    for (const route of [[], ['lots', 'abc'], ['ops', 'sagas', 'x']]) {
      expect(resolveWebFile(root, route)).toEqual({
        kind: 'file',
        file: path.join(root, 'index.html'),
        immutable: false,
      });
    }
  });

  it('refuses missing assets and paths outside the build', () => {
    expect(resolveWebFile(root, ['assets', 'gone.js'])).toEqual({ kind: 'missing' });
    expect(resolveWebFile(root, ['..', 'secret.txt'])).toEqual({ kind: 'missing' });
  });

  it('reports missing when the app was never built', () => {
    expect(resolveWebFile(path.join(root, 'nope'), ['lots'])).toEqual({ kind: 'missing' });
  });
});
