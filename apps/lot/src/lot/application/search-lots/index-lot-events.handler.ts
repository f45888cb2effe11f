import { Inject, Injectable } from '@nestjs/common';
import type {
  Envelope,
  AuctionClosedData,
  AuctionExtendedData,
  BidPlacedData,
  LotCreatedData,
} from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { LOT_SEARCH_INDEX, LotSearchIndex } from './lot-search.port';

const required = (...fields: string[]) => ({ type: 'object', required: ['lotId', ...fields] });

/**
 * Feeds the search index from lot.events (the ETL: events → index). Each lot's events arrive in order
 * (key = lotId); every write sets absolute values, so a replayed event leaves the same document.
 */
@Injectable()
export class IndexLotEventsHandler {
  constructor(@Inject(LOT_SEARCH_INDEX) private readonly index: LotSearchIndex) {}

  handlers(): Record<string, MessageHandler<never>> {
    const created: MessageHandler<LotCreatedData> = {
      schema: required('title', 'description', 'startPrice', 'endsAt', 'sellerId'),
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
    const bid: MessageHandler<BidPlacedData> = {
      schema: required('amount', 'bidCount', 'endsAt'),
      handle: (_, { data }: Envelope<string, BidPlacedData>) =>
        this.index.patch(data.lotId, {
          currentPrice: Number(data.amount),
          bidCount: data.bidCount,
          endsAt: data.endsAt,
        }),
    };
    const extended: MessageHandler<AuctionExtendedData> = {
      schema: required('endsAt'),
      handle: (_, { data }: Envelope<string, AuctionExtendedData>) =>
        this.index.patch(data.lotId, { endsAt: data.endsAt }),
    };
    const closed: MessageHandler<AuctionClosedData> = {
      schema: required('outcome'),
      handle: (_, { data }: Envelope<string, AuctionClosedData>) =>
        this.index.patch(data.lotId, { status: 'CLOSED' }),
    };
    return {
      LotCreated: created,
      BidPlaced: bid,
      AuctionExtended: extended,
      AuctionClosed: closed,
    } as Record<string, MessageHandler<never>>;
  }
}
