import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId, waitFor } from '../support/env';
import { createLot, replyTo, sendBids } from './support';
import { KafkaTap } from '../support/kafka-tap';
import { Topics } from '@app/contracts';
import {
  LOT_SEARCH_INDEX,
  LotSearchDoc,
  LotSearchIndex,
} from '../../apps/lot/src/lot/application/search-lots/lot-search.port';

/** lot.events → the lot-search consumer → OpenSearch `gavel-lots` → GET /lots/search. */
describe('lot search', () => {
  let app: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);

  beforeAll(async () => {
    await replies.start();
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await app?.close();
    await replies.stop();
    await closePools();
  });

  const search = async (query: string) =>
    (await request(app.getHttpServer()).get(`/lots/search?${query}`).expect(200)).body as {
      hits: {
        lotId: string;
        currentPrice: number;
        bidCount: number;
        status: string;
        highlight?: { title?: unknown[]; description?: unknown[] };
      }[];
      total: number;
    };

  it('finds a lot by a word of its description and respects status and price filters', async () => {
    const word = uniqueId('zanzibar').replace(/-/g, '');
    const cheap = await createLot(app, {
      description: `A ${word} teapot in fine condition`,
      startPrice: '500',
    });
    const dear = await createLot(app, {
      title: `${word} clock`,
      description: 'A tall clock',
      startPrice: '90000',
    });
    const found = await waitFor(
      'both lots indexed',
      async () => {
        const r = await search(`q=${word}`);
        return r.total === 2 && r;
      },
      30_000,
      300,
    );
    expect(found.hits.map((h) => h.lotId).sort()).toEqual([cheap.id, dear.id].sort());
    // Where each matched, as parts (never markup): the title whole, a snippet of the description.
    const byId = new Map(found.hits.map((h) => [h.lotId, h.highlight]));
    expect(byId.get(dear.id)).toEqual({
      title: [
        { text: word, match: true },
        { text: ' clock', match: false },
      ],
      description: [{ text: 'A tall clock', match: false }],
    });
    expect(byId.get(cheap.id)?.description).toEqual([
      { text: 'A ', match: false },
      { text: word, match: true },
      { text: ' teapot in fine condition', match: false },
    ]);
    expect(byId.get(cheap.id)?.title).toBeUndefined();
    expect((await search(`q=${word}&maxPrice=1000`)).hits.map((h) => h.lotId)).toEqual([cheap.id]);
    expect((await search(`q=${word}&minPrice=1000&status=OPEN`)).hits.map((h) => h.lotId)).toEqual([dear.id]);
    expect((await search(`q=${word}&status=CLOSED`)).total).toBe(0);

    const [bid] = await sendBids([{ lotId: cheap.id, bidderId: uniqueId('b'), amount: '2000' }]);
    await replyTo(replies, bid.metadata.commandId);
    const updated = await waitFor(
      'the bid in the index',
      async () => {
        const r = await search(`q=${word}&minPrice=1500&maxPrice=5000`);
        return r.total === 1 && r;
      },
      30_000,
      300,
    );
    expect(updated.hits[0]).toMatchObject({
      lotId: cheap.id,
      currentPrice: 2000,
      bidCount: 1,
      status: 'OPEN',
    });
    await request(app.getHttpServer()).get('/lots/search?minPrice=abc').expect(400);
  });

  it('sends a lot whose bid the index already has no more, once it is only in the sweep overlap', async () => {
    const word = uniqueId('quillon').replace(/-/g, '');
    const lot = await createLot(app, { title: `${word} sword`, startPrice: '700' });
    const [bid] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('b'), amount: '900' }]);
    await replyTo(replies, bid.metadata.commandId);
    await waitFor(
      'the bid in the index',
      async () => (await search(`q=${word}&minPrice=900`)).total === 1,
      30_000,
      300,
    );
    // the index as the app uses it: every patch still goes to OpenSearch, the ids are noted
    const index = app.get<LotSearchIndex>(LOT_SEARCH_INDEX);
    const patchMany = index.patchMany.bind(index);
    const patched: string[] = [];
    index.patchMany = (patches: Map<string, Partial<LotSearchDoc>>) => {
      patched.push(...patches.keys());
      return patchMany(patches);
    };
    try {
      // three sweeps (one a second), all while the bid is inside the 5 s overlap they read again
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      index.patchMany = patchMany;
    }
    expect(patched).not.toContain(lot.id);
    expect((await search(`q=${word}`)).hits[0]).toMatchObject({
      lotId: lot.id,
      currentPrice: 900,
      bidCount: 1,
    });
  });
});
