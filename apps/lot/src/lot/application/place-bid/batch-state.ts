import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { Allowance } from '../../domain/allowance';
import type { LotRow } from '../../infrastructure/lot.rows';
import { answerOf, DecisionRow } from './bid-decisions';
import type { BidAnswer, BidRequest } from './bid-desk.types';

type StateRow = Omit<DecisionRow, 'bid_id'> & {
  bid_id: string | null;
  allowance: string | null;
  keep_when_outbid: boolean | null;
};

/**
 * What a batch reads once it holds its lots, in one statement: the answers already given to its bid ids
 * (a bid sent again is answered as before) and the allowances it may touch, those of its bidders and of
 * the lots' current leaders (whom an accepted bid outbids), keyed `lotId\nbidderId`.
 */
export async function readBatchState(
  manager: EntityManager,
  requests: BidRequest[],
  lots: Map<string, LotRow>,
): Promise<{ known: Map<string, BidAnswer>; allowances: Map<string, Allowance> }> {
  const pairs = new Map<string, [string, string]>();
  for (const r of requests)
    if (lots.has(r.lotId)) pairs.set(`${r.lotId}\n${r.bidderId}`, [r.lotId, r.bidderId]);
  for (const lot of lots.values())
    if (lot.leader_id) pairs.set(`${lot.id}\n${lot.leader_id}`, [lot.id, lot.leader_id]);
  const { rows } = await preparedQuery<StateRow>(
    manager,
    'lot_desk_batch_state',
    `SELECT bid_id, lot_id, bidder_id, status, amount, code, reason, details, decided_at,
            NULL::bigint AS allowance, NULL::boolean AS keep_when_outbid
       FROM bid_decisions WHERE bid_id = ANY($1::text[])
     UNION ALL
     SELECT NULL, a.lot_id, a.bidder_id, NULL, NULL, NULL, NULL, NULL, NULL, a.amount, a.keep_when_outbid
       FROM allowances a JOIN unnest($2::text[], $3::text[]) AS p(lot_id, bidder_id)
         ON a.lot_id = p.lot_id AND a.bidder_id = p.bidder_id
      WHERE a.amount > 0`,
    [
      [...new Set(requests.map((r) => r.bidId))],
      [...pairs.values()].map(([lotId]) => lotId),
      [...pairs.values()].map(([, bidderId]) => bidderId),
    ],
  );
  const known = new Map<string, BidAnswer>();
  const allowances = new Map<string, Allowance>();
  for (const row of rows) {
    if (row.bid_id !== null) known.set(row.bid_id, answerOf({ ...row, bid_id: row.bid_id }));
    else
      allowances.set(`${row.lot_id}\n${row.bidder_id}`, {
        amount: BigInt(row.allowance ?? '0'),
        keepWhenOutbid: row.keep_when_outbid === true,
      });
  }
  return { known, allowances };
}
