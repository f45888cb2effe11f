import { Inject, Injectable } from '@nestjs/common';
import {
  AuctionClosedData,
  AuctionClosedSchema,
  Envelope,
  LotCreatedData,
  LotCreatedSchema,
} from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { LOT_SEARCH_INDEX, LotSearchDoc, LotSearchIndex } from './lot-search.port';

/**
 * Feeds the search index from lot.events (the ETL: events → index): LotCreated puts the document,
 * AuctionClosed marks it closed. Each lot's events arrive in order (key = lotId); every write sets
 * absolute values, so a replayed event leaves the same document. Closes are merged per lot over a
 * consumer group and sent as one bulk request before the group's transaction commits (`flush`); a group
 * that fails drops them (`discard`) and is applied again. Bids do not come this way: during a bidding
 * war an update per BidPlaced (and its inbox row) cost the bid desk half its latency; the current price,
 * bid count and end of the lots that changed are swept into the index once a second instead
 * (`SweepLotPricesService`).
 */
@Injectable()
export class IndexLotEventsHandler {
  private pending = new Map<string, Partial<LotSearchDoc>>();

  constructor(@Inject(LOT_SEARCH_INDEX) private readonly index: LotSearchIndex) {}

  /** Sends the group's merged changes (inside its transaction, before the inbox rows commit). */
  async flush(): Promise<void> {
    const patches = this.pending;
    this.pending = new Map();
    await this.index.patchMany(patches);
  }

  discard(): void {
    this.pending = new Map();
  }

  private merge(lotId: string, fields: Partial<LotSearchDoc>): Promise<void> {
    this.pending.set(lotId, { ...this.pending.get(lotId), ...fields });
    return Promise.resolve();
  }

  handlers(): Record<string, MessageHandler<never>> {
    const created: MessageHandler<LotCreatedData> = {
      schema: LotCreatedSchema,
      handle: (_, { data }: Envelope<string, LotCreatedData>) =>
        this.index.put({
          lotId: data.lotId,
          title: data.title,
          description: data.description,
          status: 'OPEN',
          currentPrice: Number(data.startPrice),
          endsAt: data.endsAt,
          sellerId: data.sellerId,
          bidCount: 0,
        }),
    };
    const closed: MessageHandler<AuctionClosedData> = {
      schema: AuctionClosedSchema,
      handle: (_, { data }: Envelope<string, AuctionClosedData>) =>
        this.merge(data.lotId, { status: 'CLOSED' }),
    };
    return {
      LotCreated: created,
      AuctionClosed: closed,
    } as Record<string, MessageHandler<never>>;
  }
}
