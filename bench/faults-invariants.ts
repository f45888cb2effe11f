/**
 * The five invariants of DESIGN.md, checked by querying each service's own schema for the orders,
 * buyers and items of one fault-injection run. Each returns human-readable violations (empty = holds).
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { pgConnectionConfig } from '@app/common';
import { walletDataSourceOptions } from '../apps/wallet/src/database/data-source';
import { runLedgerReconciliation } from '../apps/wallet/src/wallet/application/reconcile-ledger/reconcile-ledger';

export interface RunIds {
  orders: string[];
  buyers: string[];
  skus: string[];
}

export type Row = Record<string, string | number | null>;

export async function query(service: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client(pgConnectionConfig(service));
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

const TERMINAL_OK = ['COMPLETED', 'COMPENSATED'];

/** sagas.status by order id (the Order saga's id is the order id). */
export async function sagaStatuses(orders: string[]): Promise<Map<string, string>> {
  const rows = await query('orchestrator', 'SELECT id, status FROM sagas WHERE id = ANY($1)', [orders]);
  return new Map(rows.map((r) => [String(r.id), String(r.status)]));
}

/** When each saga started and when it last changed (its end, once terminal), in epoch ms. */
export async function sagaTimes(
  orders: string[],
): Promise<Map<string, { startedAt: number; endedAt: number }>> {
  const rows = await query(
    'orchestrator',
    `SELECT id, extract(epoch FROM created_at) * 1000 AS started, extract(epoch FROM updated_at) * 1000 AS ended
       FROM sagas WHERE id = ANY($1)`,
    [orders],
  );
  return new Map(rows.map((r) => [String(r.id), { startedAt: Number(r.started), endedAt: Number(r.ended) }]));
}

export const isTerminal = (status: string | undefined): boolean =>
  ['COMPLETED', 'COMPENSATED', 'ABORTED', 'COMPENSATION_FAILED'].includes(status ?? '');

/** 3. Every saga reached COMPLETED or COMPENSATED (not stuck, not failed compensation, not aborted). */
export async function sagasTerminal(ids: RunIds): Promise<string[]> {
  const statuses = await sagaStatuses(ids.orders);
  return ids.orders
    .filter((id) => !TERMINAL_OK.includes(statuses.get(id) ?? ''))
    .map((id) => `saga ${id} ended ${statuses.get(id) ?? 'MISSING'}`);
}

/** 1. Money: per buyer, deposits = balance + captured, held = active holds = 0; payments match outcomes. */
export async function moneyConserved(ids: RunIds, statuses: Map<string, string>): Promise<string[]> {
  const out: string[] = [];
  const rows = await query(
    'wallet',
    `SELECT a.user_id, a.balance, a.held,
            (SELECT coalesce(sum(amount), 0) FROM deposits d WHERE d.user_id = a.user_id) AS deposited,
            (SELECT coalesce(sum(amount), 0) FROM captures c WHERE c.user_id = a.user_id) AS captured,
            (SELECT coalesce(sum(amount), 0) FROM holds h WHERE h.user_id = a.user_id AND h.status = 'ACTIVE') AS active
       FROM wallet_accounts a WHERE a.user_id = ANY($1)`,
    [ids.buyers],
  );
  if (rows.length !== ids.buyers.length)
    out.push(`only ${rows.length} of ${ids.buyers.length} buyers' wallets found`);
  for (const r of rows) {
    const [balance, held, deposited, captured, active] = [
      r.balance,
      r.held,
      r.deposited,
      r.captured,
      r.active,
    ].map((v) => BigInt(v ?? 0));
    if (deposited !== balance + captured)
      out.push(`wallet ${r.user_id}: deposited ${deposited} != balance ${balance} + captured ${captured}`);
    if (held !== active) out.push(`wallet ${r.user_id}: held ${held} != active holds ${active}`);
    if (held !== 0n) out.push(`wallet ${r.user_id}: ${held} still held after every saga ended`);
  }
  const payments = await query(
    'payment',
    'SELECT order_id, status, amount FROM payments WHERE order_id = ANY($1)',
    [ids.orders],
  );
  const charged = new Set<string>();
  let chargedSum = 0n;
  for (const p of payments) {
    const order = String(p.order_id);
    const saga = statuses.get(order);
    if (p.status === 'CHARGED') {
      charged.add(order);
      chargedSum += BigInt(p.amount ?? 0);
      if (saga !== 'COMPLETED') out.push(`payment for ${order} CHARGED but the order is ${saga}`);
    }
    if (p.status === 'REFUNDED' && saga === 'COMPLETED')
      out.push(`payment for ${order} REFUNDED but the order COMPLETED`);
  }
  for (const [order, status] of statuses)
    if (status === 'COMPLETED' && !charged.has(order))
      out.push(`order ${order} COMPLETED without a CHARGED payment`);
  const captures = await query(
    'wallet',
    `SELECT coalesce(sum(amount), 0) AS s FROM captures WHERE reference = ANY($1)`,
    [ids.orders.map((o) => `order:${o}`)],
  );
  if (BigInt(captures[0].s ?? 0) !== chargedSum)
    out.push(`captured ${captures[0].s} != charged ${chargedSum} over this run's orders`);
  return out;
}

/** 2. Stock never negative; reserved = live reservations; live reservations only for completed orders. */
export async function stockConsistent(ids: RunIds, statuses: Map<string, string>): Promise<string[]> {
  const out: string[] = [];
  const items = await query(
    'warehouse',
    `SELECT i.sku, i.on_hand, i.reserved,
            (SELECT coalesce(sum(quantity), 0) FROM reservations r WHERE r.sku = i.sku AND r.status = 'ACTIVE') AS live
       FROM items i WHERE i.sku = ANY($1)`,
    [ids.skus],
  );
  if (items.length !== ids.skus.length) out.push(`only ${items.length} of ${ids.skus.length} items found`);
  for (const i of items) {
    if (Number(i.on_hand) < 0 || Number(i.reserved) < 0)
      out.push(`item ${i.sku}: negative stock ${i.on_hand}/${i.reserved}`);
    if (Number(i.reserved) !== Number(i.live))
      out.push(`item ${i.sku}: reserved ${i.reserved} != active reservations ${i.live}`);
  }
  const reservations = await query(
    'warehouse',
    `SELECT order_id, status FROM reservations WHERE order_id = ANY($1)`,
    [ids.orders],
  );
  const live = new Map<string, number>();
  for (const r of reservations)
    if (r.status !== 'RELEASED') live.set(String(r.order_id), (live.get(String(r.order_id)) ?? 0) + 1);
  for (const [order, n] of live)
    if (statuses.get(order) !== 'COMPLETED')
      out.push(`order ${order} is ${statuses.get(order)} but holds ${n} live reservation(s)`);
  for (const [order, status] of statuses)
    if (status === 'COMPLETED' && live.get(order) !== 1)
      out.push(`order ${order} COMPLETED with ${live.get(order) ?? 0} live reservations`);
  return out;
}

/** 4. No command applied twice: one hold, payment, reservation, booking per order; one success per step. */
export async function appliedOnce(ids: RunIds, statuses: Map<string, string>): Promise<string[]> {
  const dupes = async (service: string, sql: string, what: string, key: (o: string) => string = (o) => o) =>
    (await query(service, sql, [ids.orders.map(key)])).map((r) => `${what} ${r.k} applied ${r.n} times`);
  const out = [
    ...(await dupes(
      'wallet',
      `SELECT reference AS k, count(*) AS n FROM holds WHERE reference = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
      'hold for',
      (o) => `order:${o}`,
    )),
    ...(await dupes(
      'wallet',
      `SELECT reference AS k, count(*) AS n FROM captures WHERE reference = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
      'capture for',
      (o) => `order:${o}`,
    )),
    ...(await dupes(
      'payment',
      `SELECT order_id AS k, count(*) AS n FROM payments WHERE order_id = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
      'payment for',
    )),
    ...(await dupes(
      'warehouse',
      `SELECT order_id AS k, count(*) AS n FROM reservations WHERE order_id = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
      'reservation for',
    )),
    ...(await dupes(
      'delivery',
      `SELECT order_id AS k, count(*) AS n FROM bookings WHERE order_id = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
      'booking for',
    )),
    ...(await dupes(
      'orchestrator',
      `SELECT saga_id || ':' || (data->>'step') AS k, count(*) AS n FROM saga_events
        WHERE saga_id = ANY($1) AND type = 'StepSucceeded' GROUP BY 1 HAVING count(*) > 1`,
      'step',
    )),
  ];
  const booked = await query(
    'delivery',
    `SELECT order_id FROM bookings WHERE order_id = ANY($1) AND status = 'BOOKED'`,
    [ids.orders],
  );
  for (const b of booked)
    if (statuses.get(String(b.order_id)) !== 'COMPLETED')
      out.push(`booking for ${b.order_id} BOOKED but the order is ${statuses.get(String(b.order_id))}`);
  // Nothing lost: every order the orchestrator accepted has a saga.
  for (const id of ids.orders) if (!statuses.has(id)) out.push(`order ${id} was accepted but has no saga`);
  return out;
}

/** 5. One winner per lot, and it is a bid on that lot by the recorded leader (skipped without the lot schema). */
export async function oneWinnerPerLot(): Promise<string[] | undefined> {
  let rows: Row[];
  try {
    rows = await query(
      'lot',
      `SELECT l.id, l.leader_id, b.lot_id, b.bidder_id
         FROM lots l LEFT JOIN bids b ON b.id::text = l.leader_bid_id::text
        WHERE l.closed_at IS NOT NULL AND l.leader_bid_id IS NOT NULL`,
    );
  } catch {
    return undefined;
  }
  return rows
    .filter((r) => String(r.lot_id) !== String(r.id) || String(r.bidder_id) !== String(r.leader_id))
    .map(
      (r) =>
        `lot ${r.id}: winner ${r.leader_id} is not the bidder of its winning bid (${r.bidder_id} on ${r.lot_id})`,
    );
}

/**
 * Issue 16's invariant for every fault run: over the whole wallet schema, every journal entry balances,
 * all postings sum to zero, user + seller + escrow + fee accounts equal deposits in minus withdrawals out,
 * and every balance, hold and proceeds projection equals its journal (the wallet's own reconciliation).
 */
export async function ledgerReconciles(): Promise<string[]> {
  const dataSource = new DataSource(walletDataSourceOptions());
  await dataSource.initialize();
  try {
    const report = await runLedgerReconciliation(dataSource);
    return [
      ...report.checks
        .filter((c) => !c.ok)
        .map((c) => `${c.name}: expected ${c.expected}, found ${c.actual}`),
      ...report.differences.map(
        (d) => `${d.userId}: ${d.projection} is ${d.projected}, the journal says ${d.journal}`,
      ),
      ...report.unbalancedEntries.map((u) => `entry ${u.entryId} is off by ${u.sum}`),
    ];
  } finally {
    await dataSource.destroy();
  }
}
