import { randomUUID } from 'node:crypto';
import { Topics } from '@app/contracts';
import { db, sleep, uniqueId, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { CONSUMER, notificationService, publish as publishEvent } from './support';

/**
 * saga.alerts (published by the orchestrator through its outbox) → the notification service (in process)
 * → every admin's notifications in PostgreSQL. Real Kafka and PostgreSQL; the messages are produced the
 * way Debezium's outbox router writes them.
 */
describe('admins hear of saga incidents on saga.alerts', () => {
  const dlqTap = new KafkaTap(Topics.deadLetter(Topics.sagaAlerts));
  notificationService([dlqTap]);
  let admin: string;

  /** An event as the orchestrator's outbox publishes it: keyed and headed by its saga. */
  const publish = (
    topic: string,
    key: string,
    type: string,
    data: object,
    messageId: string = randomUUID(),
  ) => publishEvent(topic, key, type, data, messageId, { 'saga-id': key });

  beforeAll(async () => {
    admin = uniqueId('admin');
    await publish(Topics.userEvents, admin, 'UserRegistered', {
      userId: admin,
      email: `${admin}@gavel.test`,
      displayName: admin,
      roles: ['admin'],
    });
    await waitFor('the admin to be known', async () => {
      const r = await db('notification').query('SELECT 1 FROM admins WHERE user_id = $1', [admin]);
      return r.rows.length === 1;
    });
  });

  interface Row {
    kind: string;
    title: string;
    body: string;
    data: Record<string, unknown>;
    source_message_id: string;
  }

  /** The admin's notifications about one saga (other tests' admins and sagas share the tables). */
  const aboutSaga = async (sagaId: string): Promise<Row[]> =>
    (
      await db('notification').query(
        `SELECT kind, title, body, data, source_message_id FROM notifications
         WHERE user_id = $1 AND data->>'sagaId' = $2 ORDER BY created_at, id`,
        [admin, sagaId],
      )
    ).rows;

  const waitForAboutSaga = (sagaId: string, count: number): Promise<Row[]> =>
    waitFor(`${count} notification(s) about ${sagaId}`, async () => {
      const rows = await aboutSaga(sagaId);
      return rows.length >= count && rows;
    });

  it('tells the admin once when an incident is raised, and again when it resolves itself', async () => {
    const sagaId = randomUUID();
    const incident = { sagaId, sagaType: 'Order', step: 'charge', commandId: randomUUID() };
    const raisedId = await publish(Topics.sagaAlerts, sagaId, 'SagaIncidentRaised', {
      ...incident,
      attempts: 5,
      reason: 'no reply before the attempt timed out',
    });
    const [raised] = await waitForAboutSaga(sagaId, 1);
    expect(raised).toMatchObject({
      kind: 'ops.incident_raised',
      title: 'Saga incident: a participant does not answer',
      source_message_id: raisedId,
      data: { ...incident, attempts: 5 },
    });
    expect(raised.body).toContain(`Order saga ${sagaId} got no answer to step "charge" after 5 attempts`);

    // Redelivered (same message-id): no second notification. The resolution follows on the same key,
    // so once it is there the duplicates were consumed.
    await publish(
      Topics.sagaAlerts,
      sagaId,
      'SagaIncidentRaised',
      { ...incident, attempts: 5, reason: 'again' },
      raisedId,
    );
    await publish(Topics.sagaAlerts, sagaId, 'SagaIncidentResolved', { ...incident, reason: 'answered' });
    await waitForAboutSaga(sagaId, 2);
    await sleep(1000);
    const rows = await aboutSaga(sagaId);
    expect(rows.map((r) => r.kind)).toEqual(['ops.incident_raised', 'ops.incident_resolved']);
    expect(rows[1].body).toBe(
      `Order saga ${sagaId}: the incident on step "charge" is over: the participant answered.`,
    );
  });

  it('routes SagaCompensationFailed on saga.alerts (saga types other than orders) to the admins too', async () => {
    const sagaId = randomUUID();
    await publish(Topics.sagaAlerts, sagaId, 'SagaCompensationFailed', {
      sagaId,
      sagaType: 'PlaceBid',
      step: 'holdFunds',
      reason: 'the hold is already captured',
    });
    const [row] = await waitForAboutSaga(sagaId, 1);
    expect(row.kind).toBe('ops.compensation_failed');
    expect(row.body).toContain('the participant refused (the hold is already captured)');
  });

  it('dead-letters an incident that does not match SagaIncidentSchema and tells nobody', async () => {
    const sagaId = randomUUID();
    const messageId = await publish(Topics.sagaAlerts, sagaId, 'SagaIncidentRaised', {
      sagaId,
      sagaType: 'Order',
      attempts: 0,
      reason: 'x',
    });
    const [dead] = await waitFor('the dead letter', async () => {
      const mine = dlqTap.byKey(sagaId).filter((r) => r.headers['dlq-consumer'] === CONSUMER);
      return mine.length > 0 && mine;
    });
    expect(dead.headers['message-id']).toBe(messageId);
    expect(dead.headers['dlq-reason']).toMatch(/^INVALID_PAYLOAD/);
    expect(await aboutSaga(sagaId)).toEqual([]);
  });
});
