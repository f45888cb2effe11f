import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BidAnswer } from './bid-desk.types';

export interface DecisionRow {
  bid_id: string;
  lot_id: string;
  bidder_id: string;
  status: 'ACCEPTED' | 'REJECTED';
  amount: string;
  code: string | null;
  reason: string | null;
  details: Record<string, string> | null;
  decided_at: Date;
}

const DECISION_COLUMNS = 'bid_id, lot_id, bidder_id, status, amount, code, reason, details, decided_at';

/** The final answers already given to these bid ids. */
export async function knownDecisions(
  manager: Pick<EntityManager, 'query'>,
  bidIds: string[],
): Promise<Map<string, BidAnswer>> {
  const rows: DecisionRow[] = await manager.query(
    `SELECT ${DECISION_COLUMNS} FROM bid_decisions WHERE bid_id = ANY($1::text[])`,
    [bidIds],
  );
  return new Map(rows.map((row) => [row.bid_id, answerOf(row)]));
}

/** Reads the answer given to a bid. */
@Injectable()
export class BidDecisions {
  constructor(private readonly dataSource: DataSource) {}

  async find(bidId: string): Promise<BidAnswer | undefined> {
    return (await knownDecisions(this.dataSource.manager, [bidId])).get(bidId);
  }
}

export function answerOf(row: DecisionRow): BidAnswer {
  const common = {
    bidId: row.bid_id,
    lotId: row.lot_id,
    bidderId: row.bidder_id,
    amount: row.amount,
    decidedAt: row.decided_at.toISOString(),
  };
  if (row.status === 'REJECTED') {
    return {
      status: 'REJECTED',
      ...common,
      code: row.code ?? '',
      reason: row.reason ?? '',
      details: row.details ?? {},
    };
  }
  const details = row.details ?? {};
  return {
    status: 'ACCEPTED',
    ...common,
    minimumNextBid: details.minimumNextBid ?? '',
    endsAt: details.endsAt ?? '',
  };
}
