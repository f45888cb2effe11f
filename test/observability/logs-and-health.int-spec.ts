import { openSearchClient, searchLogs } from '@app/observability';
import { freePort, ServiceProcess, spawnService } from '../support/apps';
import { stack, uniqueId, waitFor } from '../support/env';

/** A real service process shipping its logs to the real OpenSearch, then losing it. */
describe('logs in OpenSearch, health and the drop counter', () => {
  let wallet: ServiceProcess;

  beforeAll(async () => {
    await stack('up', 'opensearch');
    wallet = await spawnService('wallet', await freePort(), {
      GAVEL_LOG_BUFFER: '50',
      GAVEL_OPENSEARCH_URL: `http://127.0.0.1:${process.env.GAVEL_OPENSEARCH_PORT ?? 19200}`,
    });
  });
  afterAll(async () => {
    await wallet?.kill('SIGTERM');
    await stack('up', 'opensearch');
  });

  const post = (path: string, body: object, correlationId?: string) =>
    fetch(`${wallet.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
      },
      body: JSON.stringify(body),
    });

  async function droppedLogs(): Promise<number> {
    const text = await (await fetch(`${wallet.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('gavel_logs_dropped_total'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  }

  it('answers liveness and readiness with its dependencies', async () => {
    const live = await fetch(`${wallet.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${wallet.url}/health/dependencies`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  it('finds a request’s log lines in OpenSearch by its correlation id', async () => {
    const userId = uniqueId('logs');
    const correlationId = uniqueId('corr');
    expect((await post('/wallets', { userId }, correlationId)).status).toBe(201);
    expect((await post(`/wallets/${userId}/deposits`, { amount: -1 }, correlationId)).status).toBe(400);
    const lines = await waitFor(
      'two log lines in OpenSearch',
      async () => {
        const hits = await searchLogs(openSearchClient(), { correlationId, since: '10m' });
        return hits.length >= 2 && hits;
      },
      30_000,
      500,
    );
    expect(lines.every((l) => l.service === 'wallet' && l.correlationId === correlationId)).toBe(true);
    expect(lines.map((l) => l.message)).toEqual(
      expect.arrayContaining([`POST /wallets 201`, `POST /wallets/${userId}/deposits 400`]),
    );
  });

  it('keeps serving with OpenSearch stopped, and counts the log lines it drops', async () => {
    await stack('down', 'opensearch');
    const before = await droppedLogs();
    for (let i = 0; i < 120; i++) {
      const res = await post('/wallets', { userId: uniqueId('noos') });
      expect(res.status).toBe(201);
    }
    await waitFor('the drop counter to rise', async () => (await droppedLogs()) > before, 15_000, 250);
    const ready = await fetch(`${wallet.url}/health/live`);
    expect(ready.status).toBe(200);
  });
});
