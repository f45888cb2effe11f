import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { LotBidView, LotView } from '../../domain/lot';
import { getLot } from '../../infrastructure/lot.repository';
import { toLotView } from '../../infrastructure/lot.rows';
import { GetLotBidsQuery, GetLotQuery } from './get-lot.query';

@QueryHandler(GetLotQuery)
export class GetLotHandler implements IQueryHandler<GetLotQuery, LotView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ lotId }: GetLotQuery): Promise<LotView> {
    return toLotView(await getLot(this.dataSource, lotId));
  }
}

interface BidRow {
  id: string;
  bidder_id: string;
  amount: string;
  proxy: boolean;
  placed_at: Date;
}

/** A lot's bid history, newest first (proxy bids the system placed for a leader included). */
@QueryHandler(GetLotBidsQuery)
export class GetLotBidsHandler implements IQueryHandler<
  GetLotBidsQuery,
  { bids: LotBidView[]; total: number }
> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ lotId, limit, offset }: GetLotBidsQuery): Promise<{ bids: LotBidView[]; total: number }> {
    const lot = await getLot(this.dataSource, lotId);
    const rows: BidRow[] = await this.dataSource.query(
      `SELECT id, bidder_id, amount, proxy, placed_at FROM bids WHERE lot_id = $1 ORDER BY placed_at DESC, amount DESC LIMIT $2 OFFSET $3`,
      [lotId, limit, offset],
    );
    return {
      bids: rows.map((r) => ({
        bidId: r.id,
        bidderId: r.bidder_id,
        amount: r.amount,
        proxy: r.proxy,
        placedAt: r.placed_at.toISOString(),
      })),
      total: lot.bid_count,
    };
  }
}
