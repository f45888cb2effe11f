import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppModule as NotificationApp } from '../../apps/notification/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

/**
 * The notification service's consumer group in these specs: a fixed group of its own, shared by the suites
 * (they run one after the other), so only the first run ever replays the topics' history.
 */
export const CONSUMER = 'notification-int-test';

/**
 * Registers the hooks of a notification spec: before all, the consumer group, `taps` and the service in
 * this process; after all, all of it stopped and the database pools closed.
 */
export function notificationService(taps: KafkaTap[]): { readonly app: INestApplication } {
  let app: INestApplication;
  beforeAll(async () => {
    process.env.GAVEL_NOTIFICATION_CONSUMER = CONSUMER;
    await Promise.all(taps.map((t) => t.start()));
    app = await startInProcess(NotificationApp);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(taps.map((t) => t.stop()));
    delete process.env.GAVEL_NOTIFICATION_CONSUMER;
    await closePools();
  });
  return {
    get app() {
      return app;
    },
  };
}

/** Produces one event the way Debezium's outbox router does: JSON value, ids (and `headers`) as headers. */
export async function publish(
  topic: string,
  key: string,
  type: string,
  data: object,
  messageId: string = randomUUID(),
  headers: Record<string, string> = {},
): Promise<string> {
  await produceRaw(topic, [
    {
      key,
      value: JSON.stringify({ type, data }),
      headers: { 'message-id': messageId, type, 'correlation-id': `corr-${messageId}`, ...headers },
    },
  ]);
  return messageId;
}
