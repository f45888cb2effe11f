import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ApiUser } from '../e2e/client';
import { freePort } from '../support/apps';
import { waitFor } from '../support/env';
import { HELM, LOCAL, LocalRelease, renderedApps, renderMinikube, ROOT } from './contract-release';
import { resolveEnvProvider } from './rendered-env';

/**
 * Contract smoke test of the Helm chart (issue 19, item 4): the built services run with the env the
 * minikube render gives their pods and nothing else, hosts rewritten to the local stack, from a
 * read-only working directory, as their pods would (readOnlyRootFilesystem, a writable TMPDIR only).
 * The chart's own PostgreSQL init and roles scripts create a database of the test's own with a login
 * role per app and Debezium's replication role, with the rendered (generated) passwords; each app's
 * migrate init container runs as its role; the rendered connector is registered with the local
 * Connect; then through the gateway a seller registers, logs in, creates a lot and uploads a photo that
 * must land in, and be served from, the S3 server. What it catches: a misspelt env name or a missing
 * Secret/ConfigMap key (the app fails to start or to become ready), a role without a grant it needs, a
 * connector config Connect or Debezium refuses, a service writing to its working directory.
 *
 * The database is `gavel_contract_smoke`, set with `--set` (apps.*.database, postgresql.databases), so
 * the connector's name, replication slot and publication, all derived from the database, are the
 * test's own and never fight the stack's gavel-outbox over its slot. Needs the local stack up (with
 * seaweedfs and ganache), `npm run build`, and the services DOWN: the apps listen on their usual ports.
 * Everything it creates (processes, connector, slot, database, roles, the photo) goes in afterAll.
 */
const DATABASE = 'gavel_contract_smoke';
const run = promisify(execFile);
const LOG_DIR = path.join(ROOT, '.gavel/logs/test');

/** What the image sets (Dockerfile ENV), under the pod's own env. */
const imageEnv = (app: string): Record<string, string> => ({
  NODE_ENV: 'production',
  GAVEL_APP: app,
  GAVEL_HTTP_HOST: '0.0.0.0',
});

const png = (fill: number): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, fill)]);

async function asSuperuser<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({
    host: '127.0.0.1',
    port: LOCAL.pg,
    user: LOCAL.pgUser,
    password: LOCAL.pgPassword,
    database,
  });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function tail(file: string, bytes = 3000): string {
  try {
    return readFileSync(file, 'utf8').slice(-bytes);
  } catch {
    return '';
  }
}

interface App {
  name: string;
  port: number;
  child: ChildProcess;
  log: string;
  exited: Promise<never>;
}

describe('contract smoke: the rendered minikube env runs the built services on the local stack', () => {
  let local: LocalRelease;
  let apps: string[];
  let connectUrl: string;
  let connectors: Record<string, string> = {};
  let roles: string[] = [];
  const running: App[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-contract-'));
  const readOnly = path.join(workDir, 'app'); // the working directory (and HOME) of every process
  const tmp = path.join(workDir, 'tmp'); // the pods' /tmp emptyDir
  const initDir = path.join(workDir, 'initdb');
  const uploaded: { s3: S3Client; bucket: string; key: string }[] = [];

  const baseEnv = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: readOnly,
    TMPDIR: tmp,
    ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
  });

  /** Runs one of the rendered PostgreSQL init scripts as the container that runs it in the cluster would. */
  async function initScript(file: string, container: string): Promise<void> {
    const env = local.release.env(local.release.container('StatefulSet', 'gavel-postgresql', container));
    await run('sh', [path.join(initDir, file)], {
      cwd: readOnly,
      timeout: 120_000,
      env: {
        ...baseEnv(),
        ...env,
        PGHOST: '127.0.0.1',
        PGPORT: String(LOCAL.pg),
        PGPASSWORD: env.POSTGRES_PASSWORD,
      },
    }).catch((e: Error & { stderr?: string }) => {
      throw new Error(`${file} (${container}) failed: ${e.message}\n${e.stderr ?? ''}`);
    });
  }

  /** Deletes the test's connectors, their slots, the database and the roles (before and after a run). */
  async function dropEverything(): Promise<void> {
    const slots: string[] = [];
    for (const [file, text] of Object.entries(connectors)) {
      slots.push((JSON.parse(text) as Record<string, string>)['slot.name']);
      // stopped, its stored offsets deleted (else a later run's connector would resume from an LSN of
      // a slot that no longer exists), then deleted; each step best effort (it may not exist)
      const url = `${connectUrl}/connectors/${file.replace(/\.json$/, '')}`;
      await fetch(`${url}/stop`, { method: 'PUT' }).catch(() => undefined);
      await waitFor(
        'the connector to stop',
        async () => {
          const res = await fetch(`${url}/status`);
          return (
            res.status === 404 ||
            ((await res.json()) as { connector: { state: string } }).connector.state === 'STOPPED'
          );
        },
        30_000,
        500,
      ).catch(() => undefined);
      await fetch(`${url}/offsets`, { method: 'DELETE' }).catch(() => undefined);
      await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    }
    await asSuperuser('postgres', async (c) => {
      for (const slot of slots) {
        await waitFor(
          `replication slot ${slot} to become inactive`,
          async () =>
            (await c.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot]))
              .rowCount === 0,
          30_000,
          500,
        );
        await c.query(
          'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        );
      }
      await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      for (const role of roles) {
        await c
          .query(`DROP ROLE IF EXISTS ${role}`)
          .catch((e: Error) => console.warn(`DROP ROLE ${role}: ${e.message}`));
      }
    });
  }

  function startApp(name: string, port: number, metricsPort: number): App {
    const env = {
      ...baseEnv(),
      ...imageEnv(name),
      ...local.env(local.appContainer(name)),
      // one host, not one network namespace per pod: each app's metrics listener needs a port of its own
      GAVEL_METRICS_PORT: String(metricsPort),
    };
    const log = path.join(LOG_DIR, `contract-${name}.log`);
    const out = createWriteStream(log, { flags: 'w' });
    const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${name}/src/main.js`)], {
      cwd: readOnly,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new Error(`${name} exited (${code ?? signal}); ${log}:\n${tail(log)}`)),
      ),
    );
    exited.catch(() => undefined);
    return { name, port, child, log, exited };
  }

  async function stop(app: App): Promise<void> {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return;
    const gone = new Promise<void>((r) => app.child.once('exit', () => r()));
    app.child.kill('SIGTERM');
    const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }

  beforeAll(async () => {
    if (!existsSync(HELM)) throw new Error(`helm is not installed at ${HELM}: run "bash scripts/tools.sh"`);
    local = new LocalRelease(renderMinikube(DATABASE));
    apps = renderedApps(local.release);
    connectUrl = local.env(
      local.release.container('Job', 'gavel-connect-register-connectors', 'register'),
    ).CONNECT_URL;
    connectors = local.release.configMapData('gavel-connect-connectors') ?? {};
    const init = local.release.configMapData('gavel-postgresql-init') ?? {};
    roles = [
      ...new Set(
        [...(init['20-gavel-roles.sh'] ?? '').matchAll(/CREATE ROLE ([a-z_][a-z0-9_]*)/g)].map((m) => m[1]),
      ),
    ];

    for (const app of apps) {
      const main = path.join(ROOT, `dist/apps/${app}/src/main.js`);
      if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\``);
      const up = await fetch(`http://127.0.0.1:${local.httpPort(app)}/health/live`).then(
        () => true,
        () => false,
      );
      if (up)
        throw new Error(`something answers on ${app}'s port ${local.httpPort(app)}: stop the services first`);
    }
    mkdirSync(LOG_DIR, { recursive: true });
    mkdirSync(readOnly);
    mkdirSync(tmp);
    mkdirSync(initDir);
    for (const [file, text] of Object.entries(init)) writeFileSync(path.join(initDir, file), text);
    chmodSync(readOnly, 0o555);

    await dropEverything(); // what an aborted earlier run left
    // the postgres image runs 10-* on a new data directory; the roles sidecar runs 20-* at start and
    // every 30 s (so again once the migrations have created the outbox tables)
    await initScript('10-gavel-databases.sh', 'postgresql');
    await initScript('20-gavel-roles.sh', 'roles');
    for (const app of apps) {
      const spec = local.release.find('Deployment', `gavel-${app}`).spec?.template?.spec;
      if (!spec?.initContainers?.some((c) => c.name === 'migrate')) continue;
      const env = { ...baseEnv(), ...imageEnv(app), ...local.env(local.appContainer(app, 'migrate')) };
      await run(process.execPath, [path.join(ROOT, `dist/apps/${app}/src/database/migrate.js`)], {
        cwd: readOnly,
        env,
        timeout: 120_000,
      }).catch((e: Error & { stdout?: string; stderr?: string }) => {
        throw new Error(`${app} migrations failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      });
    }
    await initScript('20-gavel-roles.sh', 'roles');

    for (const app of apps) running.push(startApp(app, local.httpPort(app), await freePort()));
    await Promise.all(
      running.map((app) =>
        Promise.race([
          app.exited,
          waitFor(
            `${app.name} ready on ${app.port} (log ${app.log})`,
            async () => (await fetch(`http://127.0.0.1:${app.port}/health/ready`)).ok,
            180_000,
            500,
          ),
        ]),
      ),
    );
  }, 600_000);

  afterAll(async () => {
    await Promise.all(running.map(stop));
    for (const { s3, bucket, key } of uploaded) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
      s3.destroy();
    }
    if (local) await dropEverything().catch((e: Error) => console.warn(`cleanup: ${e.message}`));
    if (existsSync(readOnly)) chmodSync(readOnly, 0o755);
    rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  it('registers the rendered connector with its own replication slot, and it streams', async () => {
    const worker = local.release.env(local.release.container('Deployment', 'gavel-connect', 'connect'));
    expect(Object.keys(connectors).length).toBeGreaterThan(0);
    for (const [file, text] of Object.entries(connectors)) {
      const name = file.replace(/\.json$/, '');
      // the worker's EnvVarConfigProvider resolves ${env:…} in the cluster; the local worker has none
      const config = local.rewrite(resolveEnvProvider(JSON.parse(text) as Record<string, string>, worker));
      expect(config['database.dbname']).toBe(DATABASE);
      const res = await fetch(`${connectUrl}/connectors/${name}/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(config),
      });
      expect([res.status, await res.text()]).toEqual([201, expect.anything()]);
      await waitFor(
        `connector ${name} RUNNING`,
        async () => {
          const status = (await (await fetch(`${connectUrl}/connectors/${name}/status`)).json()) as {
            connector: { state: string; trace?: string };
            tasks: { state: string; trace?: string }[];
          };
          const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
          if (failed) throw new Error(`connector ${name} FAILED: ${failed.trace?.slice(0, 2000)}`);
          return (
            status.connector.state === 'RUNNING' &&
            status.tasks.length > 0 &&
            status.tasks.every((t) => t.state === 'RUNNING')
          );
        },
        90_000,
        500,
      );
      // The task reports RUNNING before its replication connection is open: wait for the slot to be in use.
      const slot = await waitFor(
        `slot ${config['slot.name']} active`,
        async () => {
          const r = await asSuperuser('postgres', (c) =>
            c.query('SELECT database, active FROM pg_replication_slots WHERE slot_name = $1', [
              config['slot.name'],
            ]),
          );
          return r.rows[0]?.active ? r : undefined;
        },
        30_000,
        250,
      );
      expect(slot.rows).toEqual([{ database: DATABASE, active: true }]);
    }
  });

  it('a seller registers, creates a lot and uploads a photo that is stored in and served from S3', async () => {
    const gw = `http://127.0.0.1:${local.httpPort('gateway')}`;
    const seller = await ApiUser.register(gw, 'seller');
    const created = await seller.call<{ id: string }>('POST', '/lots', {
      title: 'Contract lamp',
      description: 'A brass desk lamp, listed by the contract smoke test.',
      sku: `sku-${randomUUID().slice(0, 8)}`,
      startPrice: '1000',
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const lotId = created.body.id;

    const lot = local.env(local.appContainer('lot'));
    const s3 = new S3Client({
      endpoint: lot.GAVEL_S3_ENDPOINT,
      region: lot.GAVEL_S3_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: lot.GAVEL_S3_ACCESS_KEY_ID,
        secretAccessKey: lot.GAVEL_S3_SECRET_ACCESS_KEY,
      },
    });
    const key = `${lot.GAVEL_S3_PREFIX ?? ''}${lotId}`;
    uploaded.push({ s3, bucket: lot.GAVEL_S3_BUCKET, key });

    const upload = await seller.upload(
      `/lots/${lotId}/photo`,
      'photo',
      new Blob([png(5)], { type: 'image/png' }),
      'lamp.png',
    );
    expect(upload).toEqual({
      status: 201,
      body: { lotId, photoUrl: `/lots/${lotId}/photo`, contentType: 'image/png' },
    });
    const object = await s3.send(new GetObjectCommand({ Bucket: lot.GAVEL_S3_BUCKET, Key: key }));
    expect(Buffer.compare(Buffer.from(await object.Body!.transformToByteArray()), png(5))).toBe(0);
    const served = await fetch(`${gw}/lots/${lotId}/photo`);
    expect(served.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), png(5))).toBe(0);
    // served from the bucket, not from a copy: once the object is gone there is no photo
    await s3.send(new DeleteObjectCommand({ Bucket: lot.GAVEL_S3_BUCKET, Key: key }));
    expect((await fetch(`${gw}/lots/${lotId}/photo`)).status).toBe(404);

    // UserRegistered went gateway outbox → the test's connector → Kafka → wallet, which opened a wallet
    await waitFor(
      "the seller's wallet (UserRegistered through the rendered connector)",
      async () => (await seller.call('GET', '/wallet')).status === 200,
      60_000,
      500,
    );
  });
});
