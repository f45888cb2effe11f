import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OrderSagaMessages as M, Topics } from '@app/contracts';
import { startInProcess } from '../support/apps';
import { closePools, db, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { applyEnv, ensureTopics, FakeParticipants, newOrder, orchestratorTestEnv } from './support/fake-participants';

/** Every timer a saga goes through when nobody answers: 3 deadlines + 2 retry delays + 1 compensation deadline. */
const TIMERS_PER_SAGA = 6;
const SAGAS = 16;

async function timersFired(app: INestApplication): Promise<{ decided: number; ignored: number }> {
  const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
  const value = (outcome: string) => Number(new RegExp(`gavel_saga_timers_fired_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { decided: value('decided'), ignored: value('ignored') };
}

/**
 * Two orchestrator instances (two Nest apps, two DataSources and pools) poll the same saga_timers table.
 * Each timer must fire exactly once: a second firing would reach the engine and be ignored as STALE_TIMER.
 */
describe('timers: two pollers, each timer fired once; exhausted compensation raises an alert', () => {
  let a: INestApplication;
  let b: INestApplication;
  const participants = new FakeParticipants();
  const orderEvents = new KafkaTap(Topics.orderEvents);

  beforeAll(async () => {
    applyEnv({
      ...orchestratorTestEnv,
      GAVEL_SAGA_STEP_TIMEOUT_MS: '1000',
      GAVEL_SAGA_STEP_MAX_ATTEMPTS: '3',
      GAVEL_SAGA_RETRY_DELAY_MS: '200',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1000',
      GAVEL_SAGA_COMPENSATION_MAX_ATTEMPTS: '1',
      GAVEL_SAGA_TIMER_POLL_MS: '20',
      GAVEL_SAGA_TIMER_BATCH: '3',
    });
    await ensureTopics([Topics.orderEvents]);
    await Promise.all([participants.start(), orderEvents.start()]);
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    a = await startInProcess(AppModule);
    b = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await Promise.all([participants.stop(), orderEvents.stop()]);
    await closePools();
  });

  it('fires each of the timers exactly once across both instances', async () => {
    const before = await timersFired(a);
    const ids: string[] = [];
    for (let i = 0; i < SAGAS; i++) {
      const order = newOrder();
      await request((i % 2 === 0 ? a : b).getHttpServer()).post('/orders').send(order).expect(202);
      ids.push(order.orderId);
    }
    await waitFor(
      'every saga to give up compensating',
      async () => {
        const r = await db('orchestrator').query(`SELECT count(*)::int AS n FROM sagas WHERE id = ANY($1) AND status = 'COMPENSATION_FAILED'`, [ids]);
        return r.rows[0].n === SAGAS;
      },
      60_000,
      250,
    );

    const timerDecisions = await db('orchestrator').query(
      `SELECT saga_id, metadata->>'causationId' AS timer_id, count(*)::int AS events
       FROM saga_events WHERE saga_id = ANY($1) AND metadata->>'actor' = 'timer'
       GROUP BY saga_id, metadata->>'causationId'`,
      [ids],
    );
    expect(timerDecisions.rows).toHaveLength(SAGAS * TIMERS_PER_SAGA);
    const left = await db('orchestrator').query(`SELECT count(*)::int AS n FROM saga_timers WHERE saga_id = ANY($1)`, [ids]);
    expect(left.rows[0].n).toBe(0);

    // Both apps share this process's prom-client registry, so /metrics counts both pollers.
    const after = await timersFired(b);
    expect(after.ignored - before.ignored).toBe(0);
    expect(after.decided - before.decided).toBeGreaterThanOrEqual(SAGAS * TIMERS_PER_SAGA);

    for (const id of ids) {
      // Three attempts of the same placeHold command, then one release attempt.
      const commands = participants.commands(id);
      expect(commands.map((c) => `${c.type}#${c.metadata.attempt}`)).toEqual([
        `${M.wallet.placeHold}#1`,
        `${M.wallet.placeHold}#2`,
        `${M.wallet.placeHold}#3`,
        `${M.wallet.releaseHold}#1`,
      ]);
      expect(new Set(commands.slice(0, 3).map((c) => c.metadata.commandId)).size).toBe(1);
    }
    const alerts = await waitFor('an alert per saga', async () => {
      const found = ids.map((id) => orderEvents.byKey(id).find((r) => (r.value as { type: string }).type === 'SagaCompensationFailed'));
      return found.every(Boolean) && found;
    });
    expect(alerts[0]?.value).toMatchObject({
      type: 'SagaCompensationFailed',
      data: { sagaId: ids[0], sagaType: 'Order', step: 'reserveFunds', orderId: ids[0] },
    });
    const view = await request(a.getHttpServer()).get(`/orders/${ids[0]}`).expect(200);
    expect(view.body).toMatchObject({ status: 'COMPENSATION_FAILED', code: 'SAGA.STEP_TIMEOUT' });
  });
});
