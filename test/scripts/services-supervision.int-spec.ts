import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/apps';
import { ROOT, sleep, waitFor } from '../support/env';

const run = promisify(execFile);
const SERVICE = 'notification';

interface Row {
  state: string;
  pid: number | undefined;
  restarts: string;
  url: string;
}

/** Whether `pid` is a process that has not exited (a zombie has exited; so has a pid with no /proc entry). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}

/**
 * scripts/services.sh and scripts/supervise.sh as a user runs them: a GAVEL_HOME of its own, the
 * notification service (built dist/, real PostgreSQL and Kafka, a consumer group of its own) on a free
 * port, SIGKILLs from outside. The tests run in order on the one supervised service.
 */
describe('services.sh keeps the local services alive', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gavel-services-'));
  let env: NodeJS.ProcessEnv;
  let url: string;

  const services = (...args: string[]) =>
    run('bash', [path.join(ROOT, 'scripts/services.sh'), ...args], { cwd: ROOT, env, timeout: 120_000 });

  /** Exit code, stdout and stderr of a run that may fail. */
  const attempt = (...args: string[]) =>
    services(...args).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );

  async function status(): Promise<Row> {
    const { stdout } = await services('status', SERVICE);
    const [header, line] = stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['SERVICE', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'URL']);
    const [name, state, pid, , restarts, rowUrl] = line.split(/\s+/);
    expect(name).toBe(SERVICE);
    return { state, pid: pid === '-' ? undefined : Number(pid), restarts, url: rowUrl };
  }

  const metricsOk = () =>
    fetch(`${url}/metrics`).then(
      (r) => r.ok,
      () => false,
    );

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      GAVEL_HOME: home,
      GAVEL_NOTIFICATION_PORT: String(port),
      // A fixed group of its own: only the first run ever replays the topics' history.
      GAVEL_NOTIFICATION_CONSUMER: 'notification-supervision-test',
      GAVEL_LOG_SHIPPING: 'off',
    };
    if (!existsSync(path.join(ROOT, `dist/apps/${SERVICE}/src/main.js`))) {
      await run('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 300_000 });
    }
    await services('migrate', SERVICE);
  });
  afterAll(async () => {
    await services('down').catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it('rejects an unknown service name with exit code 2, naming the known ones', async () => {
    for (const command of ['up', 'down', 'status', 'migrate']) {
      const result = await attempt(command, SERVICE, 'walet');
      expect({ command, code: result.code }).toEqual({ command, code: 2 });
      expect(result.stderr).toContain("unknown service 'walet'");
      expect(result.stderr).toContain('orchestrator wallet notification');
    }
    expect((await status()).state).toBe('down'); // `up notification walet` started nothing
  });

  it('restarts the service after SIGKILL; `up` right after it does not take the dead one as running', async () => {
    const { stdout } = await services('up', SERVICE);
    expect(stdout).toContain(`${SERVICE} up on ${url}`);
    const before = await status();
    expect(before).toEqual({ state: 'up', pid: expect.any(Number), restarts: '0', url });

    process.kill(before.pid!, 'SIGKILL');
    const again = await services('up', SERVICE);
    expect(again.stdout).not.toContain(`already running (pid ${before.pid}`);
    expect(await metricsOk()).toBe(true); // up waited for the restarted service

    const after = await status();
    expect(after).toEqual({ state: 'up', pid: expect.any(Number), restarts: '1', url });
    expect(after.pid).not.toBe(before.pid);
    expect(running(before.pid!)).toBe(false);
    const log = readFileSync(path.join(home, `logs/${SERVICE}.log`), 'utf8');
    expect(log).toMatch(
      new RegExp(
        `"context":"supervisor".*"pid":${before.pid},"exitCode":null,"signal":"SIGKILL"` +
          `.*"restart":1,"attempt":1,"delaySeconds":1`,
      ),
    );
  });

  it('adopts a service whose supervisor was SIGKILLed (no second one) and restarts it after its crash', async () => {
    const supervisorPid = Number(
      readFileSync(path.join(home, `run/${SERVICE}.supervisor`), 'utf8').split(' ')[0],
    );
    const { pid } = await status();
    process.kill(supervisorPid, 'SIGKILL');
    await waitFor('the supervisor to be gone', async () => !running(supervisorPid), 10_000);
    // The service runs on, unsupervised (no restart count), until `up` gives it a supervisor again.
    expect(await status()).toEqual({ state: 'up', pid, restarts: '-', url });
    expect((await services('up', SERVICE)).stdout).toContain(`already running (pid ${pid}), now supervised`);
    expect(await status()).toEqual({ state: 'up', pid, restarts: '0', url });

    // Not the new supervisor's child: where nothing reaps the orphan it stays a zombie, which is not "up".
    process.kill(pid!, 'SIGKILL');
    await waitFor('the service to be dead', async () => !running(pid!), 10_000);
    expect((await status()).pid).not.toBe(pid);
    const back = await waitFor(
      'the adopted service to be restarted',
      async () => {
        const row = await status();
        return row.state === 'up' && row.pid !== pid && (await metricsOk()) ? row : undefined;
      },
      90_000,
      500,
    );
    expect(back.restarts).toBe('1');
  });

  it('down stops the supervisor and then the service, for good', async () => {
    const { pid } = await status();
    const supervisorPid = Number(
      readFileSync(path.join(home, `run/${SERVICE}.supervisor`), 'utf8').split(' ')[0],
    );
    expect((await services('down', SERVICE)).stdout).toContain(`${SERVICE} stopped`);
    expect(running(pid!)).toBe(false);
    expect(running(supervisorPid)).toBe(false);
    await sleep(3_000); // longer than the first backoff: a supervisor left behind would have restarted it
    expect(await status()).toEqual({ state: 'down', pid: undefined, restarts: '-', url });
    expect(await metricsOk()).toBe(false);
    expect((await services('down', SERVICE)).stdout).not.toContain('stopped');
  });
});

/**
 * GAVEL_SHARED_SERVICES: services.sh runs the listed services in one supervised host process, starts and
 * stops it for any of them, and shows its pid on each of their rows.
 */
describe('services.sh with services sharing one process', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gavel-shared-'));
  const members = ['notification', 'telegram-alerter'] as const;
  let env: NodeJS.ProcessEnv;
  const urls: Record<string, string> = {};

  const services = (...args: string[]) =>
    run('bash', [path.join(ROOT, 'scripts/services.sh'), ...args], { cwd: ROOT, env, timeout: 120_000 });

  /** Each member's row: state, pid, restarts and the note naming the process. */
  async function rows(): Promise<
    Record<string, { state: string; pid?: number; restarts: string; note: string }>
  > {
    const { stdout } = await services('status', ...members);
    return Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [name, state, pid, , restarts, , ...note] = line.split(/\s+/);
          return [
            name,
            { state, pid: pid === '-' ? undefined : Number(pid), restarts, note: note.join(' ') },
          ];
        }),
    );
  }

  const healthy = (name: string) =>
    fetch(`${urls[name]}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );

  beforeAll(async () => {
    env = {
      ...process.env,
      GAVEL_HOME: home,
      GAVEL_SHARED_SERVICES: members.join(','),
      GAVEL_NOTIFICATION_CONSUMER: 'notification-shared-test',
      // Tables of its own: what it records from lot.events must not reach the alerter of other suites.
      GAVEL_TELEGRAM_ALERTER_CONSUMER: 'telegram-alerter-shared-test',
      GAVEL_TELEGRAM_ALERTER_DB_SCHEMA: 'telegram_shared_test',
      GAVEL_TELEGRAM_BOT_TOKEN: '',
      GAVEL_LOG_SHIPPING: 'off',
    };
    for (const name of members) {
      const port = await freePort();
      env[`GAVEL_${name.toUpperCase().replace(/-/g, '_')}_PORT`] = String(port);
      urls[name] = `http://127.0.0.1:${port}`;
    }
    await services('migrate', ...members);
  });
  afterAll(async () => {
    await services('down').catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts both in one supervised process, restarts it after SIGKILL, and stops it for either', async () => {
    const { stdout } = await services('up', ...members);
    for (const name of members) expect(stdout).toContain(`${name} (in participants) up on ${urls[name]}`);
    const before = await rows();
    expect(before.notification).toEqual({
      state: 'up',
      pid: expect.any(Number),
      restarts: '0',
      note: '(in process participants)',
    });
    expect(before['telegram-alerter']).toEqual(before.notification);
    expect(readFileSync(`/proc/${before.notification.pid}/cmdline`, 'utf8')).toContain(
      'dist/apps/host/src/main.js',
    );
    for (const name of members) expect(await healthy(name)).toBe(true);

    process.kill(before.notification.pid!, 'SIGKILL');
    await services('up', 'telegram-alerter'); // waits for the restarted process
    const after = await rows();
    expect(after.notification).toEqual({
      state: 'up',
      pid: expect.any(Number),
      restarts: '1',
      note: '(in process participants)',
    });
    expect(after.notification.pid).not.toBe(before.notification.pid);
    expect(after['telegram-alerter']).toEqual(after.notification);
    await waitFor(
      'both services back',
      async () => (await healthy('notification')) && (await healthy('telegram-alerter')),
    );

    expect((await services('down', 'telegram-alerter')).stdout).toContain('participants stopped');
    expect(running(after.notification.pid!)).toBe(false);
    const down = await rows();
    for (const name of members) expect(down[name]).toMatchObject({ state: 'down', pid: undefined });
    for (const name of members) expect(await healthy(name)).toBe(false);
  });

  it('refuses to share the gateway’s process (exit 2)', async () => {
    const result = await run('bash', [path.join(ROOT, 'scripts/services.sh'), 'status'], {
      cwd: ROOT,
      env: { ...env, GAVEL_SHARED_SERVICES: 'wallet,gateway' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("GAVEL_SHARED_SERVICES: 'gateway' cannot share a process");
  });
});
