/**
 * Preloaded into a service started by hand for profiling (`node -r dist/bench/cpu-prof-preload.js
 * dist/apps/<svc>/src/main.js`, or `NODE_OPTIONS="-r …"` for `scripts/services.sh up`): the first SIGWINCH
 * starts V8's sampling profiler, the second stops it and writes `.gavel/prof/<pid>-<time>.cpuprofile`. The
 * service keeps running and shuts down as usual. Not SIGUSR2: Nest's `enableShutdownHooks()` (every
 * service's bootstrap) takes SIGUSR2 for a shutdown; SIGWINCH is ignored by default and by Nest.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(__dirname, '../../.gavel/prof');
const session = new Session();
session.connect();
let profiling = false;

function post(method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

process.on('SIGWINCH', () => {
  const step = profiling
    ? post('Profiler.stop').then((res) => {
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify((res as { profile: unknown }).profile));
        process.stderr.write(`cpu profile written to ${file}\n`);
      })
    : post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
        .then(() => post('Profiler.start'));
  profiling = !profiling;
  step.catch((e: Error) => process.stderr.write(`profiler: ${e.message}\n`));
});
