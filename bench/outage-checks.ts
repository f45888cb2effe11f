/**
 * The outage run's checks beyond bench/faults-invariants.ts, read from each service's own schema
 * (and the orchestrator's reconciliation): the run's sagas and incidents, acknowledged bids, the
 * winner of each lot and the funds held for each bid, every closed auction's sale, and whether a
 * service held down was really down (nobody else in its consumer group).
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from '@app/common';
import {
  appliedOnce,
  ledgerReconciles,
  moneyConserved,
  oneWinnerPerLot,
  query,
  stockConsistent,
} from './faults-invariants';
import type { BidRecord } from './outage-load';

export interface RunSaga {
  id: string;
  type: string;
  status: string;
  data: { lotId?: string; holdId?: string; acceptedAmount?: string; amount?: string };
  failure: { code?: string; reason?: string } | null;
  startedAt: number;
  endedAt: number;
}

/** The run's sagas: its orders by id, and every PlaceBid, BidAllowance, AuctionOrder and AuctionHoldRelease of its lots. */
export async function runSagas(orderIds: string[], lotIds: string[]): Promise<RunSaga[]> {
  const rows = await query(
    'orchestrator',
    `SELECT id, type, status, data, failure, extract(epoch FROM created_at) * 1000 AS started, extract(epoch FROM updated_at) * 1000 AS ended
       FROM sagas WHERE id = ANY($1) OR (data->>'lotId' = ANY($2) AND type IN ('PlaceBid', 'BidAllowance', 'AuctionOrder', 'AuctionHoldRelease'))`,
    [orderIds, lotIds],
  );
  return rows.map((r) => ({
    id: String(r.id),
    type: String(r.type),
    status: String(r.status),
    data: r.data as unknown as RunSaga['data'],
    failure: r.failure as unknown as RunSaga['failure'],
    startedAt: Number(r.started),
    endedAt: Number(r.ended),
  }));
}

/** IncidentRaised events of these sagas, with the time each was raised (epoch ms). */
export async function incidents(sagaIds: string[]): Promise<{ sagaId: string; at: number; step: string }[]> {
  const rows = await query(
    'orchestrator',
    `SELECT saga_id, data->>'step' AS step, extract(epoch FROM at) * 1000 AS at FROM saga_events WHERE type = 'IncidentRaised' AND saga_id = ANY($1)`,
    [sagaIds],
  );
  return rows.map((r) => ({ sagaId: String(r.saga_id), at: Number(r.at), step: String(r.step) }));
}

const INFRASTRUCTURE_CODE = /^(SAGA|PARTICIPANT|UPSTREAM)\./;
const TERMINAL_OK = ['COMPLETED', 'COMPENSATED'];

/**
 * Invariant 5 for the run's lots: every acknowledged bid is in the lot schema; every lot closed; the winner's
 * bid is the highest on the lot and no acknowledged bid is above the final price; every bid is covered
 * (exposure ≤ held funds) by the hold it names (a PlaceBid saga's) or by the bidder's allowance on the lot
 * when it was placed (the bid desk's: the holds granted before it and not released before it); one hold
 * and one success per step for each bid.
 */
export async function bidInvariants(
  lotIds: string[],
  acknowledged: BidRecord[],
  bidSagaIds: string[],
): Promise<Record<string, string[]>> {
  const lots = await query(
    'lot',
    `SELECT id, status, current_price, leader_id, leader_bid_id FROM lots WHERE id = ANY($1::uuid[])`,
    [lotIds],
  );
  const bids = await query(
    'lot',
    `SELECT id, lot_id, bidder_id, amount, coalesce(max_amount, amount) AS covers, hold_id, placed_at
       FROM bids WHERE lot_id = ANY($1::uuid[])`,
    [lotIds],
  );
  const byId = new Map(bids.map((b) => [String(b.id), b]));
  const recorded = acknowledged
    .filter(
      (a) =>
        !byId.has(a.bidId!) ||
        String(byId.get(a.bidId!)!.lot_id) !== a.lotId ||
        String(byId.get(a.bidId!)!.bidder_id) !== a.bidderId,
    )
    .map(
      (a) =>
        `bid ${a.bidId} (${a.amount} on ${a.lotId}) was acknowledged but is not in the lot schema as placed`,
    );
  const winner: string[] = [];
  const price = new Map(lots.map((l) => [String(l.id), BigInt(l.current_price ?? 0)]));
  for (const l of lots) {
    if (l.status !== 'CLOSED') winner.push(`lot ${l.id} is still ${l.status} after the run`);
    const onLot = bids.filter((b) => String(b.lot_id) === String(l.id));
    if (onLot.length === 0) continue;
    const top = onLot.reduce((m, b) => (BigInt(b.amount ?? 0) > BigInt(m.amount ?? 0) ? b : m));
    if (String(top.id) !== String(l.leader_bid_id) || String(top.bidder_id) !== String(l.leader_id)) {
      winner.push(
        `lot ${l.id}: leader ${l.leader_id} (bid ${l.leader_bid_id}) but the highest bid is ${top.id} of ${top.bidder_id} at ${top.amount}`,
      );
    }
  }
  for (const a of acknowledged)
    if (BigInt(a.amount) > (price.get(a.lotId) ?? 0n))
      winner.push(
        `acknowledged bid ${a.bidId} at ${a.amount} is above lot ${a.lotId}'s final price ${price.get(a.lotId)}`,
      );
  const holdIds = bids.map((b) => String(b.hold_id ?? ''));
  const holds = new Map(
    (
      await query('wallet', `SELECT id::text AS id, amount FROM holds WHERE id::text = ANY($1)`, [holdIds])
    ).map((h) => [String(h.id), BigInt(h.amount ?? 0)]),
  );
  const exposure = bids
    .filter((b) => b.hold_id !== null)
    .filter((b) => (holds.get(String(b.hold_id)) ?? -1n) < BigInt(b.covers ?? 0))
    .map(
      (b) =>
        `bid ${b.id} of ${b.bidder_id} covers ${b.covers} but its hold ${b.hold_id} holds ${holds.get(String(b.hold_id)) ?? 'nothing'}`,
    );
  const granted = await query(
    'lot',
    `SELECT lot_id, bidder_id, amount, granted_at, released_at FROM allowance_holds WHERE lot_id = ANY($1)`,
    [lotIds],
  ).catch(() => []);
  for (const b of bids.filter((x) => x.hold_id === null)) {
    const at = new Date(String(b.placed_at)).getTime();
    const covered = granted
      .filter((h) => String(h.lot_id) === String(b.lot_id) && String(h.bidder_id) === String(b.bidder_id))
      .filter(
        (h) =>
          new Date(String(h.granted_at)).getTime() <= at &&
          (h.released_at === null || new Date(String(h.released_at)).getTime() >= at),
      )
      .reduce((sum, h) => sum + BigInt(h.amount ?? 0), 0n);
    if (covered < BigInt(b.covers ?? 0))
      exposure.push(`bid ${b.id} of ${b.bidder_id} covers ${b.covers} with an allowance of ${covered}`);
  }
  const dupes = await query(
    'wallet',
    `SELECT reference, count(*) AS n FROM holds WHERE reference = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
    [[...byId.keys()].map((id) => `bid:${id}`)],
  );
  const steps = await query(
    'orchestrator',
    `SELECT saga_id || ':' || (data->>'step') AS k, count(*) AS n FROM saga_events WHERE saga_id = ANY($1) AND type = 'StepSucceeded' GROUP BY 1 HAVING count(*) > 1`,
    [bidSagaIds],
  );
  return {
    acknowledged_bids_recorded: recorded,
    highest_bid_wins: winner,
    exposure_within_holds: exposure,
    bids_applied_once: [
      ...dupes.map((d) => `${d.reference}: ${d.n} holds`),
      ...steps.map((d) => `bid step ${d.k} succeeded ${d.n} times`),
    ],
  };
}

/**
 * The history of the run's bid and auction sagas against the participants' state (the bench's own
 * cross-check, next to the orchestrator's reconciliation): a bid whose saga says the lot took it is in
 * the lot schema and one rejected before that is not; a compensated bid's hold is released; an auction order's
 * hold (the winning bid's) is captured when it completed and released when it was compensated.
 */
export async function historyAgrees(sagas: RunSaga[]): Promise<string[]> {
  const bidSagas = sagas.filter((s) => s.type === 'PlaceBid');
  const placed = new Set(
    (await query('lot', `SELECT id FROM bids WHERE id = ANY($1)`, [bidSagas.map((s) => s.id)])).map((r) =>
      String(r.id),
    ),
  );
  const holdIds = sagas.map((s) => s.data.holdId).filter((h): h is string => !!h);
  const holds = new Map(
    (
      await query('wallet', `SELECT id::text AS id, status FROM holds WHERE id::text = ANY($1)`, [holdIds])
    ).map((h) => [String(h.id), String(h.status)]),
  );
  const out: string[] = [];
  for (const s of bidSagas) {
    const taken = !!s.data.acceptedAmount;
    if (taken && !placed.has(s.id))
      out.push(`bid ${s.id}: the saga recorded the lot's acceptance, the lot schema has no such bid`);
    if (!taken && placed.has(s.id))
      out.push(`bid ${s.id}: the lot schema holds it, the saga (${s.status}) never recorded an acceptance`);
    const hold = s.data.holdId ? holds.get(s.data.holdId) : undefined;
    if (!taken && s.status === 'COMPENSATED' && hold && hold !== 'RELEASED')
      out.push(`bid ${s.id}: compensated, its hold is ${hold}`);
  }
  // An allowance the lot granted is counted there; one turned back is not, and its hold is released.
  const allowances = sagas.filter((s) => s.type === 'BidAllowance' && s.data.holdId);
  const grantedHolds = new Set(
    (
      await query('lot', `SELECT hold_id FROM allowance_holds WHERE hold_id = ANY($1)`, [
        allowances.map((s) => s.data.holdId),
      ]).catch(() => [])
    ).map((r) => String(r.hold_id)),
  );
  for (const s of allowances) {
    const hold = holds.get(s.data.holdId!);
    if (s.status === 'COMPLETED' && !grantedHolds.has(s.data.holdId!))
      out.push(`allowance ${s.id}: COMPLETED, the lot never counted hold ${s.data.holdId}`);
    if (s.status === 'COMPENSATED' && grantedHolds.has(s.data.holdId!))
      out.push(`allowance ${s.id}: COMPENSATED, the lot counts hold ${s.data.holdId}`);
    if (s.status === 'COMPENSATED' && hold && hold !== 'RELEASED')
      out.push(`allowance ${s.id}: compensated, its hold is ${hold}`);
  }
  for (const s of sagas.filter((x) => x.type === 'AuctionOrder' && x.data.holdId)) {
    const hold = holds.get(s.data.holdId!);
    if (s.status === 'COMPLETED' && hold !== 'CAPTURED')
      out.push(`auction order ${s.id}: COMPLETED, the winning hold is ${hold ?? 'missing'}`);
    if (s.status === 'COMPENSATED' && hold !== 'RELEASED')
      out.push(`auction order ${s.id}: COMPENSATED, the winning hold is ${hold ?? 'missing'}`);
  }
  return out;
}

/**
 * Every auction of the run closed, and a sold one's order ended: completed, or failed for a business
 * reason (a participant's refusal code, not SAGA.* / PARTICIPANT.*). Read from the lot's sale outcome
 * (sale_status) when the lot schema has it, and always from the AuctionOrder saga.
 */
export async function auctionsSettled(
  lotIds: string[],
  sagas: RunSaga[],
): Promise<{ violations: string[]; sold: number; unsold: number; sale: Record<string, number> }> {
  const hasSale =
    (
      await query(
        'lot',
        `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'lots' AND column_name = 'sale_status'`,
      )
    ).length > 0;
  const lots = await query(
    'lot',
    `SELECT id, status, outcome, close_reason${hasSale ? ', sale_status, sale_failure_code' : ''} FROM lots WHERE id = ANY($1::uuid[])`,
    [lotIds],
  );
  const orders = new Map(
    sagas.filter((s) => s.type === 'AuctionOrder').map((s) => [String(s.data.lotId), s]),
  );
  const out: string[] = [];
  const sale: Record<string, number> = {};
  let sold = 0;
  for (const l of lots) {
    if (l.status !== 'CLOSED') continue; // reported by highest_bid_wins
    if (l.outcome !== 'SOLD') {
      if (!l.close_reason) out.push(`lot ${l.id} closed UNSOLD without a reason`);
      continue;
    }
    sold++;
    const order = orders.get(String(l.id));
    if (!order) out.push(`lot ${l.id} SOLD but no AuctionOrder saga was started`);
    else if (!TERMINAL_OK.includes(order.status))
      out.push(`lot ${l.id}: its order ${order.id} ended ${order.status}`);
    else if (
      order.status === 'COMPENSATED' &&
      (!order.failure?.code || INFRASTRUCTURE_CODE.test(order.failure.code))
    ) {
      out.push(
        `lot ${l.id}: its order failed for no business reason (${order.failure?.code ?? 'no code'}: ${order.failure?.reason ?? ''})`,
      );
    }
    if (!hasSale) continue;
    const status = String(l.sale_status);
    sale[status] = (sale[status] ?? 0) + 1;
    const expected =
      order?.status === 'COMPLETED' ? 'COMPLETED' : order?.status === 'COMPENSATED' ? 'FAILED' : undefined;
    if (status !== expected) out.push(`lot ${l.id}: sale ${status}, its order ${order?.status ?? 'missing'}`);
    if (
      status === 'FAILED' &&
      (!l.sale_failure_code || INFRASTRUCTURE_CODE.test(String(l.sale_failure_code)))
    )
      out.push(`lot ${l.id}: sale FAILED with ${l.sale_failure_code ?? 'no code'}`);
  }
  return {
    violations: out,
    sold,
    unsold: lots.length - sold,
    sale: hasSale ? sale : { not_recorded_by_lot_db: sold },
  };
}

export interface Reconciliation {
  available: boolean;
  complete?: boolean;
  checkedSagas?: number;
  checkedCommands?: number;
  /** Disagreements on this run's sagas (others' sagas since the run began are counted apart). */
  disagreements: unknown[];
  outsideRun?: number;
  unreachable?: unknown[];
  error?: string;
}

/** The orchestrator's `GET /reconciliation` (x-gavel-role: admin) over every saga changed since the run began. */
export async function reconcile(
  orchestrator: string,
  since: Date,
  runSagaIds: Set<string>,
  graceS: number,
): Promise<Reconciliation> {
  const url = `${orchestrator}/reconciliation?since=${encodeURIComponent(since.toISOString())}&grace=${graceS}s`;
  try {
    const res = await fetch(url, {
      headers: { 'x-gavel-role': 'admin' },
      signal: AbortSignal.timeout(300_000),
    });
    if (res.status === 404)
      return {
        available: false,
        disagreements: [],
        error: 'GET /reconciliation answered 404 (not in this build)',
      };
    const body = (await res.json()) as {
      checkedSagas: number;
      checkedCommands: number;
      disagreements: { sagaId: string }[];
      unreachable: unknown[];
      complete: boolean;
    };
    if (!res.ok)
      return {
        available: false,
        disagreements: [],
        error: `GET /reconciliation answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`,
      };
    const ours = body.disagreements.filter((d) => runSagaIds.has(d.sagaId));
    return {
      available: true,
      complete: body.complete,
      checkedSagas: body.checkedSagas,
      checkedCommands: body.checkedCommands,
      disagreements: ours,
      outsideRun: body.disagreements.length - ours.length,
      unreachable: body.unreachable,
    };
  } catch (e) {
    return { available: false, disagreements: [], error: (e as Error).message };
  }
}

/** Members of a consumer group (client id @ host), or an error. */
export async function groupMembers(groupId: string): Promise<string[]> {
  const admin = new Kafka({
    clientId: 'gavel-outage-bench',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((m) => `${m.clientId}@${m.clientHost}`);
  } finally {
    await admin.disconnect();
  }
}

/** Waits (≤ timeoutMs) for a group to be empty once its members were killed; the members left, if any. */
export async function groupEmptied(groupId: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let members: string[] = [];
  while (Date.now() < deadline) {
    const asked = await groupMembers(groupId).catch((e: Error) => e);
    if (Array.isArray(asked) && asked.length === 0) return [];
    members = Array.isArray(asked) ? asked : [`(unverified: ${asked.message})`];
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return members;
}

/**
 * Sagas that had a command written to a prefixed command topic (`<prefix><participant>.commands`) since
 * `since`: an orchestrator under test with GAVEL_COMMAND_TOPIC_PREFIX shares the orchestrator's schema, so its
 * timer poller also fires other sagas' timers and sends their retries where no participant of this run
 * listens. Outbox rows are pruned after GAVEL_OUTBOX_RETENTION_S (10 min): sample more often than that.
 */
export async function prefixedCommands(since: Date): Promise<{ sagaId: string; topic: string }[]> {
  const rows = await query(
    'orchestrator',
    `SELECT DISTINCT saga_id, aggregatetype FROM outbox
      WHERE created_at >= $1 AND aggregatetype ~ '^.+[.](wallet|lot|payment|warehouse|delivery)[.]commands$' AND saga_id IS NOT NULL`,
    [since],
  );
  return rows.map((r) => ({ sagaId: String(r.saga_id), topic: String(r.aggregatetype) }));
}

/** Lots still open, or sold without an AuctionOrder saga yet. */
export async function lotsAwaitingOrders(lotIds: string[], sagas: RunSaga[]): Promise<number> {
  const started = new Set(sagas.filter((s) => s.type === 'AuctionOrder').map((s) => String(s.data.lotId)));
  const lots = await query('lot', `SELECT id, status, outcome FROM lots WHERE id = ANY($1::uuid[])`, [
    lotIds,
  ]);
  return lots.filter((l) => l.status !== 'CLOSED' || (l.outcome === 'SOLD' && !started.has(String(l.id))))
    .length;
}

/** Every check of the run: DESIGN.md's invariants (faults-invariants.ts and the ones above) and the reconciliation. */
export async function runChecks(
  orchestrator: string,
  since: Date,
  sagas: RunSaga[],
  acceptedOrders: string[],
  lotIds: string[],
  acknowledged: BidRecord[],
  buyers: string[],
  orderSkus: string[],
) {
  const orderLike = sagas.filter((s) => s.type === 'Order' || s.type === 'AuctionOrder');
  const statuses = new Map(orderLike.map((s) => [s.id, s.status]));
  const lotSkus = (await query('lot', `SELECT sku FROM lots WHERE id = ANY($1::uuid[])`, [lotIds])).map((r) =>
    String(r.sku),
  );
  const ids = {
    orders: [...acceptedOrders, ...orderLike.filter((s) => s.type === 'AuctionOrder').map((s) => s.id)],
    buyers,
    skus: [...orderSkus, ...lotSkus],
  };
  const settled = await auctionsSettled(lotIds, sagas);
  const crossCheck = await historyAgrees(sagas);
  const rec = await reconcile(orchestrator, since, new Set(sagas.map((s) => s.id)), 15);
  const recProblems = rec.available
    ? [
        ...rec.disagreements.map((d) => `reconciliation: ${JSON.stringify(d)}`),
        ...(rec.complete ? [] : [`reconciliation incomplete: ${JSON.stringify(rec.unreachable)}`]),
      ]
    : [`reconciliation unavailable: ${rec.error}`];
  const checks: Record<string, string[]> = {
    money_conserved: await moneyConserved(ids, statuses),
    stock_consistent: await stockConsistent(ids, statuses),
    applied_once: await appliedOnce(ids, statuses),
    ledger_reconciles: await ledgerReconciles(),
    one_winner_per_lot: (await oneWinnerPerLot()) ?? ['the lot schema is not readable'],
    ...(await bidInvariants(
      lotIds,
      acknowledged,
      sagas.filter((s) => s.type === 'PlaceBid').map((s) => s.id),
    )),
    sagas_terminal: sagas
      .filter((s) => !['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'].includes(s.status))
      .map((s) => `${s.type} ${s.id} is ${s.status}`),
    // The fixtures include no refusal of a compensation: any COMPENSATION_FAILED is a violation.
    no_compensation_failed: sagas
      .filter((s) => s.status === 'COMPENSATION_FAILED')
      .map((s) => `${s.type} ${s.id}: ${s.failure?.code ?? ''} ${s.failure?.reason ?? ''}`),
    history_agrees: [...crossCheck, ...recProblems],
    auctions_settled: settled.violations,
  };
  const violations = Object.values(checks).reduce((n, v) => n + v.length, 0);
  return {
    checks,
    violations,
    disagreements: rec.disagreements.length + crossCheck.length,
    disagreementsDetail: { reconciliation: rec.disagreements.length, bench_cross_check: crossCheck.length },
    reconciliation: { ...rec, disagreements: rec.disagreements.slice(0, 10) },
    lots: { count: lotIds.length, sold: settled.sold, unsold: settled.unsold, sale: settled.sale },
  };
}
