import { HttpException, Logger } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { LotBid, LotBidBatcher } from './lot-bid-batcher';
import { LotReplicas } from './lot-replicas/lot-replicas';
import { rendezvousOrder } from './lot-replicas/rendezvous';
import { LotServiceClient } from './lot-service.client';

type Mode = 'batches' | 'no-batch-endpoint' | 'drops-batches';

interface Seen {
  path: string;
  body: { bids?: (LotBid & { lotId: string })[] } & Partial<LotBid>;
}

/**
 * A loopback lot replica that decides bids like the desk's HTTP answers: an amount of 0 is refused 409,
 * anything else accepted 201. `batches` serves /bids/batch after a 30 ms decision (so bids pile up behind
 * the calls in flight); `no-batch-endpoint` answers it 404 as an older lot would; `drops-batches` drops
 * the connection of a batch after reading it. Single bids are always answered.
 */
async function replica(name: string, mode: Mode, seen: Seen[]): Promise<{ url: string; server: Server }> {
  const answer = (bid: Partial<LotBid>) =>
    bid.amount === '0'
      ? { status: 409, body: { code: 'LOT.BID_TOO_LOW', message: 'too low', details: { bidId: bid.bidId } } }
      : { status: 201, body: { status: 'ACCEPTED', bidId: bid.bidId, replica: name } };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Seen['body'];
      seen.push({ path: req.url ?? '', body });
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url !== '/bids/batch') {
        const a = answer(body);
        return send(a.status, a.body);
      }
      if (mode === 'no-batch-endpoint') return send(404, { code: 'REQUEST.NOT_FOUND', message: 'no route' });
      if (mode === 'drops-batches') return void req.socket.destroy();
      setTimeout(() => send(200, { answers: (body.bids ?? []).map(answer) }), 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A lot id whose rendezvous order over `urls` starts with `first`. */
function lotOwnedBy(urls: string[], first: string, from = 0): string {
  for (let i = from; ; i++) {
    const id = `0192f0a4-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
    if (rendezvousOrder(id, urls)[0] === first) return id;
  }
}

const bid = (n: number, amount = '110'): LotBid => ({ bidId: `b-${n}`, bidderId: 'u-1', amount });

describe('LotBidBatcher: bids to their lot replica in batches, each answered as alone', () => {
  const servers: Server[] = [];
  const seen: Seen[] = [];
  const urls: Record<Mode, string> = { batches: '', 'no-batch-endpoint': '', 'drops-batches': '' };

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (const mode of Object.keys(urls) as Mode[]) {
      const r = await replica(mode, mode, seen);
      servers.push(r.server);
      urls[mode] = r.url;
    }
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
  beforeEach(() => seen.splice(0));

  const batcher = (replicaUrls: string[]) => {
    const replicas = new LotReplicas({ kind: 'static', urls: replicaUrls }, { downMs: 60_000 });
    return { replicas, bids: new LotBidBatcher(new LotServiceClient(replicas), replicas) };
  };
  const outcome = (p: Promise<{ status: number; body: unknown }>) =>
    p.then(
      (r) => ({ status: r.status, body: r.body }),
      (e: HttpException) => ({ status: e.getStatus(), body: e.getResponse() }),
    );

  it('sends the first bids at once and those that arrive meanwhile together, answering each in order', async () => {
    const { bids } = batcher([urls.batches]);
    const lotId = lotOwnedBy([urls.batches], urls.batches);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => outcome(bids.place(lotId, bid(i, i % 3 === 0 ? '0' : '110')))),
    );
    answers.forEach((a, i) =>
      expect(a).toEqual(
        i % 3 === 0
          ? {
              status: 409,
              body: { code: 'LOT.BID_TOO_LOW', message: 'too low', details: { bidId: `b-${i}` } },
            }
          : { status: 201, body: { status: 'ACCEPTED', bidId: `b-${i}`, replica: 'batches' } },
      ),
    );
    // two calls in flight at once: b-0 and b-1 alone, the ten that queued behind them in one batch
    expect(seen.map((s) => s.path)).toEqual(Array(3).fill('/bids/batch'));
    expect(seen.map((s) => s.body.bids?.map((b) => b.bidId))).toEqual([
      ['b-0'],
      ['b-1'],
      Array.from({ length: 10 }, (_, i) => `b-${i + 2}`),
    ]);
    expect(seen[2].body.bids?.[0]).toEqual({ lotId, ...bid(2) });
  });

  it('sends single bids to a replica without the batch endpoint (an older lot service)', async () => {
    const { bids } = batcher([urls['no-batch-endpoint']]);
    const lotId = lotOwnedBy([urls['no-batch-endpoint']], urls['no-batch-endpoint']);
    expect(await outcome(bids.place(lotId, bid(1)))).toMatchObject({ status: 201 });
    expect(await outcome(bids.place(lotId, bid(2)))).toMatchObject({ status: 201 });
    expect(seen.map((s) => s.path)).toEqual(['/bids/batch', `/lots/${lotId}/bids`, `/lots/${lotId}/bids`]);
  });

  it("sends each bid of a dropped batch on alone: to the lot's next replica while its owner is down", async () => {
    const pair = [urls['drops-batches'], urls.batches];
    const { bids, replicas } = batcher(pair);
    const lotId = lotOwnedBy(pair, urls['drops-batches']);
    const answer = await outcome(bids.place(lotId, bid(7)));
    expect(answer).toEqual({ status: 201, body: { status: 'ACCEPTED', bidId: 'b-7', replica: 'batches' } });
    expect(replicas.isDown(urls['drops-batches'])).toBe(true);
    expect(seen.map((s) => s.path)).toEqual(['/bids/batch', `/lots/${lotId}/bids`]);
  });

  it('sends every bid alone with GAVEL_LOT_BID_BATCHING=false', async () => {
    process.env.GAVEL_LOT_BID_BATCHING = 'false';
    try {
      const { bids } = batcher([urls.batches]);
      const lotId = lotOwnedBy([urls.batches], urls.batches);
      await Promise.all([bids.place(lotId, bid(1)), bids.place(lotId, bid(2))]);
      expect(seen.map((s) => s.path).sort()).toEqual(Array(2).fill(`/lots/${lotId}/bids`));
    } finally {
      delete process.env.GAVEL_LOT_BID_BATCHING;
    }
  });
});
