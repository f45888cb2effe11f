import { HttpException, Logger } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { registry } from '@app/observability';
import { LotReplicas } from './lot-replicas/lot-replicas';
import { rendezvousOrder } from './lot-replicas/rendezvous';
import { lotCallFailure, LotServiceClient, LotServiceRequest, maySendAgain } from './lot-service.client';

type Behaviour = 'answer' | 'drop' | 'silent';

/** A loopback replica that answers {replica: name}, drops the connection after reading the call, or never answers. */
async function replica(
  name: string,
  behaviour: Behaviour,
  seen: string[],
): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${name} ${req.method} ${req.url}`);
      if (behaviour === 'drop') return void req.socket.destroy();
      if (behaviour === 'silent') return;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ replica: name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** An address nothing listens on: connecting is refused. */
async function refusing(): Promise<string> {
  const { url, server } = await replica('closed', 'answer', []);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/** A lot id whose rendezvous order over `urls` starts with `first` then `second`. */
function lotOwnedBy(urls: string[], first: string, second: string): string {
  for (let i = 0; ; i++) {
    const id = `0192f0a4-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
    const order = rendezvousOrder(id, urls);
    if (order[0] === first && order[1] === second) return id;
  }
}

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((a, v) => a + v.value, 0);
}

const bid = (lotId: string): LotServiceRequest => ({
  method: 'POST',
  path: `/lots/${lotId}/bids`,
  lotId,
  idempotent: true,
  json: { bidId: 'b-1', bidderId: 'u-1', amount: '110' },
});

describe('LotServiceClient across lot replicas', () => {
  const servers: Server[] = [];
  const seen: string[] = [];
  let dead: string;
  let a: string;
  let b: string;
  let dropping: string;
  let silent: string;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    process.env.GAVEL_UPSTREAM_TIMEOUT_MS = '300';
    dead = await refusing();
    for (const [name, behaviour] of [
      ['a', 'answer'],
      ['b', 'answer'],
      ['dropping', 'drop'],
      ['silent', 'silent'],
    ] as const) {
      const r = await replica(name, behaviour, seen);
      servers.push(r.server);
      if (name === 'a') a = r.url;
      if (name === 'b') b = r.url;
      if (name === 'dropping') dropping = r.url;
      if (name === 'silent') silent = r.url;
    }
  });

  afterAll(async () => {
    delete process.env.GAVEL_UPSTREAM_TIMEOUT_MS;
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  beforeEach(() => seen.splice(0));

  const client = (urls: string[]) => {
    const replicas = new LotReplicas({ kind: 'static', urls }, { downMs: 60_000 });
    return { replicas, lots: new LotServiceClient(replicas) };
  };

  it("sends a lot's calls to its owner", async () => {
    const urls = [a, b];
    const lotId = lotOwnedBy(urls, b, a);
    const { lots } = client(urls);
    const sent = await counter('gavel_lot_requests_total', { replica: b });
    for (let i = 0; i < 3; i++) expect((await lots.call(bid(lotId))).body).toEqual({ replica: 'b' });
    expect(await counter('gavel_lot_requests_total', { replica: b })).toBe(sent + 3);
    expect(seen).toEqual(Array(3).fill(`b POST /lots/${lotId}/bids`));
  });

  it('sends a call the owner refused to the next replica of the lot, and passes the owner while it is down', async () => {
    const urls = [dead, a, b];
    const lotId = lotOwnedBy(urls, dead, a);
    const { lots, replicas } = client(urls);
    const refused = await counter('gavel_lot_fallbacks_total', { replica: dead, reason: 'refused' });
    const passed = await counter('gavel_lot_fallbacks_total', { replica: dead, reason: 'down' });
    // not idempotent: nothing was sent, so it may go on all the same
    const create = { method: 'POST' as const, path: `/lots/${lotId}/second-chance/decline`, lotId, json: {} };
    expect((await lots.call(create)).body).toEqual({ replica: 'a' });
    expect(replicas.isDown(dead)).toBe(true);
    expect(await counter('gavel_lot_fallbacks_total', { replica: dead, reason: 'refused' })).toBe(
      refused + 1,
    );
    expect((await lots.call(bid(lotId))).body).toEqual({ replica: 'a' });
    expect(await counter('gavel_lot_fallbacks_total', { replica: dead, reason: 'down' })).toBe(passed + 1);
    expect(seen).toHaveLength(2);
  });

  it('sends a bid on when the owner dropped it after reading it (same bid id: same decision)', async () => {
    const urls = [dropping, b];
    const lotId = lotOwnedBy(urls, dropping, b);
    const { lots } = client(urls);
    expect((await lots.call(bid(lotId))).body).toEqual({ replica: 'b' });
    expect(seen).toEqual([`dropping POST /lots/${lotId}/bids`, `b POST /lots/${lotId}/bids`]);
  });

  it('answers 503 for a call that is not idempotent when the owner dropped it after reading it', async () => {
    const urls = [dropping, b];
    const lotId = lotOwnedBy(urls, dropping, b);
    const { lots } = client(urls);
    const withdraw = { method: 'DELETE' as const, path: `/lots/${lotId}/allowances/u-1`, lotId };
    const error = await lots.call(withdraw).catch((e: HttpException) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(503);
    expect(seen).toEqual([`dropping DELETE /lots/${lotId}/allowances/u-1`]);
  });

  it('answers 504 and sends nothing more when the owner does not answer in time (it may still decide)', async () => {
    const urls = [silent, b];
    const lotId = lotOwnedBy(urls, silent, b);
    const { lots, replicas } = client(urls);
    const error = await lots.call(bid(lotId)).catch((e: HttpException) => e);
    expect((error as HttpException).getStatus()).toBe(504);
    expect(seen).toEqual([`silent POST /lots/${lotId}/bids`]);
    expect(replicas.isDown(silent)).toBe(false);
  });

  it('answers 503 when every replica refuses', async () => {
    const other = await refusing();
    const { lots } = client([dead, other]);
    const error = await lots.call({ method: 'GET', path: '/lots' }).catch((e: HttpException) => e);
    expect((error as HttpException).getStatus()).toBe(503);
  });
});

describe('maySendAgain', () => {
  const post = { method: 'POST' as const, path: '/lots' };
  it.each([
    ['refused', post, true],
    ['reset', post, false],
    ['reset', { ...post, idempotent: true }, true],
    ['reset', { method: 'GET' as const, path: '/lots/x' }, true],
    ['timeout', { ...post, idempotent: true }, false],
    ['other', { method: 'GET' as const, path: '/lots/x' }, false],
  ] as const)('%s, %j → %s', (failure, request, expected) => {
    expect(maySendAgain(request, failure)).toBe(expected);
  });

  it('never sends a streamed upload twice', () => {
    const stream = { body: undefined as never, headers: {} };
    expect(maySendAgain({ ...post, stream }, 'refused')).toBe(false);
  });
});

describe('lotCallFailure', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'refused'],
    [Object.assign(new Error('no connection'), { code: 'ECONNECTTIMEOUT' }), 'refused'],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'refused'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'reset'],
    [Object.assign(new Error('no answer'), { name: 'TimeoutError' }), 'timeout'],
    [new Error('something else'), 'other'],
  ])('%s → %s', (error, expected) => {
    expect(lotCallFailure(error)).toBe(expected);
  });
});
