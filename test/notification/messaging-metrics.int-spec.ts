import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { databaseConfig, outboxConnector } from '@app/common';
import { Topics } from '@app/contracts';
import { createKafka } from '@app/messaging';
import { MessagingMetricsCollector, registry } from '@app/observability';
import { AppModule as NotificationApp } from '../../apps/notification/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';

/** The messaging gauges (CDC lag, consumer lag, dead letters), wired into the notification service. */
describe('messaging metrics', () => {
  const CONSUMER = 'notification-int-test';
  let app: INestApplication;

  beforeAll(async () => {
    process.env.GAVEL_NOTIFICATION_CONSUMER = CONSUMER;
    app = await startInProcess(NotificationApp);
    // A sale without a winner is invalid: it is dead-lettered to lot.events.dlq.
    const lotId = randomUUID();
    const value = JSON.stringify({
      type: 'AuctionClosed',
      data: {
        lotId,
        sellerId: uniqueId('seller'),
        title: 'X',
        outcome: 'SOLD',
        closedAt: new Date().toISOString(),
      },
    });
    await produceRaw(Topics.lotEvents, [{ key: lotId, value, headers: { 'message-id': randomUUID() } }]);
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.GAVEL_NOTIFICATION_CONSUMER;
    await closePools();
  });

  it('exposes its CDC lag, consumer lag and dead letters on /metrics', async () => {
    const http = request(app.getHttpServer());
    const sample = async (name: string, labels: string): Promise<number | undefined> => {
      const text = (await http.get('/metrics').expect(200)).text;
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    const cdc = await waitFor('the CDC lag gauge', async () =>
      sample(
        'gavel_cdc_lag_bytes',
        `slot="${outboxConnector(databaseConfig('notification').database).slot}"`,
      ),
    );
    expect(cdc).toBeGreaterThanOrEqual(0);
    const lag = await waitFor('the consumer lag gauge', async () =>
      sample('gavel_consumer_lag', `group="${CONSUMER}",topic="lot.events"`),
    );
    expect(lag).toBeGreaterThanOrEqual(0);
    // The sale without a winner (beforeAll) was dead-lettered to lot.events.dlq.
    const dead = await waitFor(
      'the dead-letter gauge',
      async () => sample('gavel_dlq_messages', 'topic="lot.events.dlq"'),
      30_000,
    );
    expect(dead).toBeGreaterThanOrEqual(1);
  });

  it('measures consumer lag and dead letters from Kafka itself', async () => {
    const topic = uniqueId('metrics-probe');
    const groupId = uniqueId('metrics-probe-group');
    const kafka = createKafka(uniqueId('metrics-probe'));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 2 },
        { topic: `${topic}.dlq`, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await produceRaw(topic, [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
    await admin.disconnect();

    const collector = new MessagingMetricsCollector({
      kafka,
      groups: [{ groupId, topics: [topic] }],
      dlqTopics: [`${topic}.dlq`],
      intervalMs: 0,
      cacheMs: 0,
    });
    const value = async (name: string, labels: Record<string, string>): Promise<number | undefined> => {
      await collector.collect();
      const metric = await registry.getSingleMetric(name)?.get();
      return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
    };
    try {
      expect(await value('gavel_consumer_lag', { group: groupId, topic })).toBe(0);
      expect(await value('gavel_dlq_messages', { topic: `${topic}.dlq` })).toBe(0);
      await produceRaw(
        topic,
        [1, 2, 3, 4, 5].map((i) => ({ key: `k${i}`, value: String(i) })),
      );
      await produceRaw(`${topic}.dlq`, [{ key: 'x', value: 'dead' }]);
      expect(await value('gavel_consumer_lag', { group: groupId, topic })).toBe(5);
      expect(await value('gavel_dlq_messages', { topic: `${topic}.dlq` })).toBe(1);
    } finally {
      await collector.onApplicationShutdown();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
      await cleanup.disconnect();
    }
  });
});
