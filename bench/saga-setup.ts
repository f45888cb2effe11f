/**
 * Benchmark fixtures created through the services' real HTTP APIs: a seller's items with large stock
 * (warehouse), buyers' wallets with large deposits (wallet), and big delivery slots starting soon
 * (delivery), which the earliest-slot booking then uses. All ids carry this run's prefix.
 */
import type { Admin } from 'kafkajs';
import { DefaultPorts } from '@app/common';

export const Urls = {
  orchestrator: process.env.GAVEL_ORCHESTRATOR_URL ?? `http://127.0.0.1:${DefaultPorts.orchestrator}`,
  wallet: process.env.GAVEL_WALLET_URL ?? `http://127.0.0.1:${DefaultPorts.wallet}`,
  warehouse: process.env.GAVEL_WAREHOUSE_URL ?? `http://127.0.0.1:${DefaultPorts.warehouse}`,
  delivery: process.env.GAVEL_DELIVERY_URL ?? `http://127.0.0.1:${DefaultPorts.delivery}`,
};

/** The delivery service's upper bound for one slot. */
const MAX_SLOT_CAPACITY = 10_000;
const ON_HAND = 1_000_000;
const DEPOSIT = 1_000_000_000;

async function post(url: string, body: object, expected: number[] = [200, 201]): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`POST ${url} → ${res.status}: ${text}`);
}

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

export interface Fixtures {
  sellerId: string;
  skus: string[];
  buyers: string[];
  slots: string[];
  slotsStartAt: string;
}

export async function createFixtures(
  run: string,
  opts: { buyers: number; items: number; bookings: number; slotLeadSeconds: number },
): Promise<Fixtures> {
  const sellerId = `bench-seller-${run}`;
  const skus = Array.from({ length: opts.items }, (_, i) => `bench-${run}-${i}`);
  const buyers = Array.from({ length: opts.buyers }, (_, i) => `bench-buyer-${run}-${i}`);
  const slotCount = Math.max(1, Math.ceil(opts.bookings / MAX_SLOT_CAPACITY));
  const slots = Array.from({ length: slotCount }, (_, i) => `bench-${run}-${i}`);
  const slotsStartAt = new Date(Date.now() + opts.slotLeadSeconds * 1000).toISOString();

  await inBatches(skus, 8, (sku) =>
    post(`${Urls.warehouse}/items`, { sku, title: 'Benchmark lamp', sellerId, onHand: ON_HAND }),
  );
  await inBatches(buyers, 16, async (userId) => {
    await post(`${Urls.wallet}/wallets`, { userId });
    await post(`${Urls.wallet}/wallets/${userId}/deposits`, { amount: DEPOSIT });
  });
  await inBatches(slots, 8, (id) =>
    post(`${Urls.delivery}/slots`, { id, startsAt: slotsStartAt, capacity: MAX_SLOT_CAPACITY }),
  );
  return { sellerId, skus, buyers, slots, slotsStartAt };
}

export const SAGA_GROUPS = [
  'orchestrator',
  'wallet-commands',
  'payment-commands',
  'warehouse-commands',
  'delivery-commands',
];

/**
 * Members of the saga consumer groups. More than one member in a group means another copy of that
 * service (e.g. an engineer's end-to-end test run) shares the partitions during the measurement.
 */
export async function groupMembers(admin: Admin): Promise<Record<string, number>> {
  const { groups } = await admin.describeGroups(SAGA_GROUPS);
  return Object.fromEntries(groups.map((g) => [g.groupId, g.members.length]));
}

const GROUP_TOPICS: Record<string, string> = {
  orchestrator: 'orchestrator.replies',
  'wallet-commands': 'wallet.commands',
  'payment-commands': 'payment.commands',
  'warehouse-commands': 'warehouse.commands',
  'delivery-commands': 'delivery.commands',
};

/** Messages waiting per saga consumer group (end offset − committed offset, summed over partitions). */
export async function groupLag(admin: Admin): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [groupId, topic] of Object.entries(GROUP_TOPICS)) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.offset)]));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    out[groupId] = committed.partitions.reduce(
      (sum, p) => sum + Math.max(0, (ends.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))),
      0,
    );
  }
  return out;
}
