import { randomUUID } from 'node:crypto';
import { Headers, OrderSagaMessages as M, Topics } from '@app/contracts';
import { System, ServiceName } from '../e2e/system';
import { closePools, db, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

/**
 * Garbage on every consumed topic: each bad record lands in `<topic>.dlq` with a `dlq-reason` header,
 * and the valid record produced right behind it (same key, so the same partition) is still applied.
 */
type Raw = { key: string; value: string; headers: Record<string, string> };

interface Target {
  topic: string;
  /** The consumer name the DLQ record carries in `dlq-consumer`. */
  consumer: string;
  /** A record of a type the consumer knows, with fields of the wrong types. */
  wrongTypes: (key: string) => unknown;
  /** A valid record and a probe that says when its effect is visible. */
  valid: (key: string) => {
    value: unknown;
    headers?: Record<string, string>;
    applied: () => Promise<boolean>;
  };
}

const replies = new KafkaTap(Topics.orchestratorReplies);
const repliedTo = (commandId: string) =>
  replies.records.some(
    (r) => (r.value as { metadata?: { commandId?: string } } | null)?.metadata?.commandId === commandId,
  );

function command(type: string, key: string, data: unknown, participant: string) {
  const commandId = `fuzz-${participant}-${randomUUID()}`;
  const metadata = { commandId, sagaId: key, sagaType: 'order', step: 'fuzz', phase: 'forward', attempt: 1 };
  return { value: { type, data, metadata }, applied: async () => repliedTo(commandId) };
}

const ADDRESS = { name: 'Fuzz', line1: 'Nowhere 1', city: 'Atlantis', postcode: '00000', country: 'ZZ' };
const commandMeta = (key: string) => ({
  commandId: randomUUID(),
  sagaId: key,
  sagaType: 'order',
  step: 'x',
  phase: 'forward',
  attempt: 1,
});

const TARGETS: Target[] = [
  {
    topic: Topics.commands('wallet'),
    consumer: 'wallet',
    wrongTypes: (key) => ({
      type: M.wallet.placeHold,
      data: { userId: 42, amount: -1.5, reference: [] },
      metadata: commandMeta(key),
    }),
    valid: (key) =>
      command(
        M.wallet.placeHold,
        key,
        { userId: `nobody-${randomUUID().slice(0, 8)}`, amount: '100', reference: key },
        'wallet',
      ),
  },
  {
    topic: Topics.commands('payment'),
    consumer: 'payment',
    wrongTypes: (key) => ({
      type: M.payment.charge,
      data: { orderId: 1, buyerId: null, amount: 'lots' },
      metadata: commandMeta(key),
    }),
    valid: (key) =>
      command(
        M.payment.charge,
        key,
        { orderId: key, buyerId: 'b', sellerId: 's', holdId: randomUUID(), amount: '100' },
        'payment',
      ),
  },
  {
    topic: Topics.commands('warehouse'),
    consumer: 'warehouse',
    wrongTypes: (key) => ({
      type: M.warehouse.reserve,
      data: { orderId: key, sku: 7, quantity: 'one' },
      metadata: commandMeta(key),
    }),
    valid: (key) =>
      command(
        M.warehouse.reserve,
        key,
        { orderId: key, sku: `no-such-${randomUUID().slice(0, 8)}`, quantity: 1 },
        'warehouse',
      ),
  },
  {
    topic: Topics.commands('delivery'),
    consumer: 'delivery',
    wrongTypes: (key) => ({
      type: M.delivery.book,
      data: { orderId: key, address: 'here' },
      metadata: commandMeta(key),
    }),
    valid: (key) => command(M.delivery.book, key, { orderId: key, address: ADDRESS }, 'delivery'),
  },
  {
    topic: Topics.orchestratorReplies,
    consumer: 'orchestrator',
    wrongTypes: (key) => ({
      type: 'wallet.holdPlaced',
      data: 'x',
      metadata: { commandId: 1, sagaId: key, step: 2, outcome: 'maybe' },
    }),
    // a refusal: the orchestrator keeps an inbox row for failure replies (a success settles its command in
    // the engine instead, which leaves nothing to see for a saga that does not exist)
    valid: (key) => {
      const messageId = randomUUID();
      const value = {
        type: M.wallet.holdRejected,
        data: {},
        metadata: {
          commandId: randomUUID(),
          sagaId: key,
          step: 'reserveFunds',
          outcome: 'failure',
          code: 'WALLET.INSUFFICIENT_FUNDS',
          reason: 'a valid refusal behind the garbage',
        },
      };
      const applied = async () =>
        (
          await db('orchestrator').query(
            'SELECT 1 FROM processed_messages WHERE consumer = $1 AND message_id = $2',
            ['orchestrator', messageId],
          )
        ).rowCount === 1;
      return { value, headers: { [Headers.messageId]: messageId }, applied };
    },
  },
  {
    topic: Topics.walletEvents,
    consumer: 'notification',
    wrongTypes: (key) => ({
      type: 'FundsDeposited',
      data: { depositId: 1, userId: key, amount: 25.5, currency: 'USD', balance: -1 },
    }),
    valid: (key) => ({
      value: {
        type: 'FundsDeposited',
        data: { depositId: randomUUID(), userId: key, amount: '2500', currency: 'USD', balance: '2500' },
      },
      applied: async () =>
        (await db('notification').query('SELECT 1 FROM notifications WHERE user_id = $1', [key])).rowCount ===
        1,
    }),
  },
  {
    topic: Topics.userEvents,
    consumer: 'wallet',
    wrongTypes: (key) => ({
      type: 'UserRegistered',
      data: { userId: key, email: 5, displayName: '', roles: 'buyer' },
    }),
    valid: (key) => ({
      value: {
        type: 'UserRegistered',
        data: { userId: key, email: `${key}@example.test`, displayName: 'Fuzz', roles: ['buyer'] },
      },
      applied: async () =>
        (await db('wallet').query('SELECT 1 FROM wallet_accounts WHERE user_id = $1', [key])).rowCount === 1,
    }),
  },
];

/** The five kinds of garbage, each tagged with an `x-fuzz-case` header (the DLQ keeps the headers). */
function garbage(target: Target, key: string): Raw[] {
  const id = () => ({ [Headers.messageId]: randomUUID() });
  const huge = JSON.stringify({ type: 'Junk', data: { blob: 'x'.repeat(900 * 1024) } });
  const validShape = JSON.stringify(target.valid(key).value);
  return [
    { key, value: 'this is {not json', headers: { ...id(), 'x-fuzz-case': 'non-json' } },
    { key, value: JSON.stringify({ data: { userId: key } }), headers: { ...id(), 'x-fuzz-case': 'no-type' } },
    {
      key,
      value: JSON.stringify(target.wrongTypes(key)),
      headers: { ...id(), 'x-fuzz-case': 'wrong-types' },
    },
    { key, value: huge.slice(0, huge.length - 2), headers: { ...id(), 'x-fuzz-case': 'oversized' } },
    { key, value: validShape, headers: { 'x-fuzz-case': 'no-message-id' } },
  ];
}

const CASES = ['non-json', 'no-type', 'wrong-types', 'oversized', 'no-message-id'];
const SERVICES: ServiceName[] = [
  'orchestrator',
  'wallet',
  'payment',
  'warehouse',
  'delivery',
  'notification',
];

describe('malformed and oversized Kafka records on every consumed topic', () => {
  const system = new System();
  const dlqs = new Map(TARGETS.map((t) => [t.topic, new KafkaTap(Topics.deadLetter(t.topic))]));

  beforeAll(async () => {
    await Promise.all([replies.start(), ...[...dlqs.values()].map((t) => t.start())]);
    // One at a time: on a loaded 2-core machine six services joining their consumer groups at once can
    // outlast the launcher's 60 s readiness wait.
    for (const name of SERVICES) await system.start([name]);
  });
  afterAll(async () => {
    await system.stop();
    await Promise.all([replies.stop(), ...[...dlqs.values()].map((t) => t.stop())]);
    await closePools();
  });

  it.each(TARGETS.map((t) => [t.topic, t] as const))(
    '%s: garbage goes to the DLQ with a reason; the valid record behind it is applied',
    async (_topic, target) => {
      const key = `fuzz-${randomUUID()}`;
      const valid = target.valid(key);
      await produceRaw(target.topic, [
        ...garbage(target, key),
        {
          key,
          value: JSON.stringify(valid.value),
          headers: { [Headers.messageId]: randomUUID(), ...valid.headers },
        },
      ]);

      await waitFor(`the valid ${target.topic} record to be applied`, valid.applied, 60_000, 250);
      const dlq = dlqs.get(target.topic)!;
      const dead = await waitFor(
        `5 dead letters from ${target.consumer}`,
        async () => {
          const mine = dlq.byKey(key).filter((r) => r.headers[Headers.dlqConsumer] === target.consumer);
          return mine.length >= CASES.length && mine;
        },
        30_000,
        250,
      );

      const byCase = new Map(dead.map((r) => [r.headers['x-fuzz-case'], r]));
      expect([...byCase.keys()].sort()).toEqual([...CASES].sort());
      for (const record of dead) {
        expect(record.headers[Headers.dlqReason]).toMatch(/\S/);
        expect(record.headers[Headers.dlqSourceTopic]).toBe(target.topic);
      }
      expect(byCase.get('non-json')!.headers[Headers.dlqReason]).toMatch(/^MALFORMED_JSON/);
      expect(byCase.get('no-type')!.headers[Headers.dlqReason]).toBe('MISSING_TYPE');
      expect(byCase.get('oversized')!.headers[Headers.dlqReason]).toMatch(/^MALFORMED_JSON/);
      expect(byCase.get('oversized')!.raw.value!.length).toBeGreaterThan(900 * 1024);
      expect(byCase.get('no-message-id')!.headers[Headers.dlqReason]).toBe('MISSING_HEADER: message-id');
      expect(byCase.get('wrong-types')!.headers[Headers.dlqReason]).toMatch(
        /^INVALID_(PAYLOAD|METADATA|REPLY)/,
      );
    },
  );
});
