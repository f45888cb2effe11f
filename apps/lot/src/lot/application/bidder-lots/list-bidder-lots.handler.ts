import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { bidderPosition } from '../../domain/bidder-position';
import { USER_ID_PATTERN } from '../../domain/lot';
import { LotErrors } from '../../domain/lot.errors';
import { LOT_COLUMNS, LotRow, toLotView } from '../../infrastructure/lot.rows';
import { BidderLotPage, ListBidderLotsQuery } from './list-bidder-lots.query';

interface BidderLotRow extends LotRow {
  my_amount: string;
  my_max: string | null;
  my_bids: number;
  my_last_at: Date;
}

/** This bidder's bids per lot: one row per lot, from the `bids` table. */
const MINE = `SELECT lot_id, max(amount) AS my_amount, max(max_amount) AS my_max, count(*)::int AS my_bids,
    max(placed_at) AS my_last_at
  FROM bids WHERE bidder_id = $1 GROUP BY lot_id`;

/** The lots a bidder bid on: open ones first (ending soonest), then closed ones (ended last first). */
@QueryHandler(ListBidderLotsQuery)
export class ListBidderLotsHandler implements IQueryHandler<ListBidderLotsQuery, BidderLotPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ bidderId, limit, offset }: ListBidderLotsQuery): Promise<BidderLotPage> {
    if (!USER_ID_PATTERN.test(bidderId)) throw LotErrors.missingUser();
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `WITH mine AS (${MINE})
         SELECT ${LOT_COLUMNS}, my_amount, my_max, my_bids, my_last_at
           FROM mine JOIN lots ON lots.id = mine.lot_id
          ORDER BY (status = 'OPEN') DESC, CASE WHEN status = 'OPEN' THEN ends_at END ASC, ends_at DESC, id
          LIMIT $2 OFFSET $3`,
        [bidderId, limit, offset],
      ) as Promise<BidderLotRow[]>,
      this.dataSource.query(`SELECT count(DISTINCT lot_id)::int AS n FROM bids WHERE bidder_id = $1`, [
        bidderId,
      ]) as Promise<{ n: number }[]>,
    ]);
    return {
      lots: rows.map((row) => {
        const position = bidderPosition(
          { status: row.status, leaderId: row.leader_id, outcome: row.outcome },
          bidderId,
        );
        return {
          lot: toLotView(row),
          highestBid: row.my_amount,
          ...(row.my_max === null ? {} : { maxAmount: row.my_max }),
          bidCount: row.my_bids,
          lastBidAt: row.my_last_at.toISOString(),
          leading: position === 'LEADING',
          position,
        };
      }),
      total: count[0].n,
    };
  }
}
