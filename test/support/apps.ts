import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { configureHttpApp } from '@app/common';
import { ROOT, waitFor } from './env';

/** Boots a service's root module in this process (HTTP on an ephemeral port, real DB and Kafka). */
export async function startInProcess(rootModule: Type<unknown>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureHttpApp(app);
  await app.init();
  return app;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a built service (`dist/apps/<name>/src/main.js`) as its own OS process, so tests can SIGKILL it. */
export async function spawnService(
  name: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const logDir = path.join(ROOT, '.gavel/logs/test');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}-${port}.log`), { flags: 'a' });
  const envName = `GAVEL_${name.toUpperCase().replace(/-/g, '_')}_PORT`;
  const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${name}/src/main.js`)], {
    cwd: ROOT,
    env: { ...process.env, [envName]: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${name} on ${url}`, async () => (await fetch(`${url}/metrics`)).ok, 60_000, 250);
  return {
    child,
    port,
    url,
    kill: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** A free TCP port on loopback, so parallel runs of the suite do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
