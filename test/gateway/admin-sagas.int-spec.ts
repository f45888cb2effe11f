import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FakeAnswer, FakeService, RecordedRequest, startGateway, testJwt } from './gateway-harness';
import { closePools, uniqueId } from './support';

/** A stand-in orchestrator: echoes listings, answers actions; a batch whose first id starts with `boom` fails. */
function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'GET' && req.path.startsWith('/sagas?'))
    return { status: 200, body: { items: [], total: 0, echo: req.path } };
  const bulk = /^\/sagas\/actions\/([a-z-]+)$/.exec(req.path);
  if (req.method === 'POST' && bulk) {
    const { ids } = req.body as { ids: string[] };
    if (ids[0].startsWith('boom')) return { status: 500, raw: 'Internal Server Error' };
    return {
      status: 200,
      body: {
        results: ids.map((sagaId) =>
          sagaId.startsWith('gone')
            ? { sagaId, ok: false, code: 'SAGA.NOT_FOUND', message: `No saga ${sagaId}` }
            : {
                sagaId,
                ok: true,
                status: 'ABORTED',
                step: 'charge',
                events: ['OperatorAbortRequested', 'SagaAborted'],
              },
        ),
      },
    };
  }
  const single = /^\/sagas\/([^/]+)\/([a-z-]+)$/.exec(req.path);
  if (req.method === 'POST' && single)
    return {
      status: 200,
      body: { sagaId: single[1], status: 'COMPENSATING', step: 'charge', events: ['CompensationSkipped'] },
    };
  return { status: 404, body: { code: 'SAGA.NOT_FOUND', message: 'no such saga' } };
}

describe('gateway admin saga proxies: incident filter, skip-compensation, bulk actions', () => {
  let gateway: INestApplication;
  const orchestrator = new FakeService(orchestratorRoute);
  const adminId = uniqueId('admin');
  const admin = testJwt.sign({ sub: adminId, roles: ['admin'] });
  const http = () => request(gateway.getHttpServer());
  const post = (path: string, body: unknown) =>
    http()
      .post(path)
      .set('authorization', `Bearer ${admin}`)
      .send(body as object);
  const upstreamSince = (n: number): RecordedRequest[] => orchestrator.requests.slice(n);

  beforeAll(async () => {
    gateway = await startGateway({
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_UPSTREAM_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await orchestrator.stop();
    await closePools();
  });

  it('forwards incident=open with the other list filters, and nothing else', async () => {
    const res = await http()
      .get('/admin/sagas')
      .query({ incident: 'open', status: 'COMPENSATING', limit: '20', bogus: 'x' })
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    const forwarded = new URL(`http://x${res.body.echo as string}`).searchParams;
    expect(Object.fromEntries(forwarded)).toEqual({ incident: 'open', status: 'COMPENSATING', limit: '20' });
  });

  it('proxies skip-compensation with the signed-in admin as who acted, whatever the body says', async () => {
    const before = orchestrator.requests.length;
    const res = await post('/admin/sagas/s-1/skip-compensation', {
      reason: 'refunded by hand',
      by: 'someone-else',
    }).expect(200);
    expect(res.body).toMatchObject({ sagaId: 's-1', events: ['CompensationSkipped'] });
    const [sent] = upstreamSince(before);
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/sagas/s-1/skip-compensation',
      body: { by: adminId, reason: 'refunded by hand' },
    });
    expect(sent.headers).toMatchObject({ 'x-gavel-role': 'admin', 'x-gavel-user-id': adminId });
  });

  it('acts on up to 500 sagas: distinct ids, batches under the body limit, one answer each', async () => {
    const ids = Array.from({ length: 498 }, () => randomUUID()); // and 2 repeats: 500 in all
    ids[7] = `gone-${randomUUID()}`;
    const body = { reason: 'fraud ring', ids: [...ids, ids[0], ids[1]] };
    expect(JSON.stringify(body).length).toBeGreaterThan(16 * 1024); // more than the gateway's usual limit
    const before = orchestrator.requests.length;
    const res = await post('/admin/sagas/actions/abort', body).expect(200);
    expect(res.body.results.map((r: { sagaId: string }) => r.sagaId)).toEqual(ids);
    expect(res.body.results[0]).toEqual({
      sagaId: ids[0],
      ok: true,
      status: 'ABORTED',
      step: 'charge',
      events: ['OperatorAbortRequested', 'SagaAborted'],
    });
    expect(res.body.results[7]).toMatchObject({ ok: false, code: 'SAGA.NOT_FOUND' });
    const sent = upstreamSince(before);
    expect(sent.map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([100, 100, 100, 100, 98]);
    for (const r of sent) {
      expect(r).toMatchObject({
        method: 'POST',
        path: '/sagas/actions/abort',
        body: { by: adminId, reason: 'fraud ring' },
      });
      expect(JSON.stringify(r.body).length).toBeLessThan(16 * 1024);
    }
  });

  it('reports the sagas of a failed later batch and those not sent; a failed first batch is the answer', async () => {
    const first = Array.from({ length: 100 }, (_, i) => `ok-${i}`);
    const res = await post('/admin/sagas/actions/retry-step', {
      ids: [...first, 'boom-1', 'x-2', ...Array.from({ length: 100 }, (_, i) => `late-${i}`)],
    }).expect(200);
    const results = res.body.results as { sagaId: string; ok: boolean; code?: string }[];
    expect(results).toHaveLength(202);
    expect(results.slice(0, 100).every((r) => r.ok)).toBe(true);
    expect(results[100]).toMatchObject({ sagaId: 'boom-1', ok: false, code: 'UPSTREAM.BAD_RESPONSE' });
    expect(results[101]).toMatchObject({ sagaId: 'x-2', ok: false, code: 'UPSTREAM.BAD_RESPONSE' });
    expect(results[201]).toMatchObject({ sagaId: 'late-99', ok: false, code: 'SAGA.NOT_ATTEMPTED' });

    const failed = await post('/admin/sagas/actions/retry-step', { ids: ['boom-2'] });
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ code: 'UPSTREAM.BAD_RESPONSE', correlationId: expect.any(String) });
  });

  it('refuses bad bulk requests with 400 {code, message, correlationId} before calling the orchestrator', async () => {
    const before = orchestrator.requests.length;
    const bad: unknown[] = [
      {},
      { ids: [] },
      { ids: 'a,b' },
      { ids: ['ok', 'bad id'] },
      { ids: ['ok', 7] },
      { ids: [`x${'y'.repeat(128)}`] },
      { ids: Array.from({ length: 501 }, (_, i) => `s-${i}`) },
      { ids: ['ok'], reason: '' },
      { ids: ['ok'], unknown: true },
      [{ ids: ['ok'] }],
    ];
    for (const body of bad) {
      const res = await post('/admin/sagas/actions/abort', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'REQUEST.INVALID',
      });
      expect(res.body).toEqual({
        code: 'REQUEST.INVALID',
        message: expect.any(String),
        correlationId: expect.any(String),
        ...(res.body.details ? { details: res.body.details } : {}),
      });
    }
    await post('/admin/sagas/actions/delete', { ids: ['ok'] }).expect(404);
    await post('/admin/sagas/s-1/abort', { reason: 'x'.repeat(501) }).expect(400);
    const big = await post('/admin/sagas/actions/abort', {
      ids: ['ok'],
      reason: 'x',
      pad: 'y'.repeat(100 * 1024),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'REQUEST.TOO_LARGE', correlationId: expect.any(String) });
    // The larger limit is for the bulk path only.
    expect((await post('/admin/sagas/s-1/abort', { reason: 'x', pad: 'y'.repeat(20 * 1024) })).status).toBe(
      413,
    );
    expect(upstreamSince(before)).toEqual([]);

    const buyer = testJwt.sign({ sub: uniqueId('buyer'), roles: ['buyer'] });
    const forbidden = await http()
      .post('/admin/sagas/actions/abort')
      .set('authorization', `Bearer ${buyer}`)
      .send({ ids: ['ok'] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('documents the new routes in OpenAPI', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.paths['/admin/sagas/actions/{action}']?.post).toBeDefined();
    expect(doc.paths['/admin/sagas']?.get.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['incident', 'status', 'type']),
    );
  });
});
