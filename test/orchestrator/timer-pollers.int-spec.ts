import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OrderSagaMessages as M, Topics } from '@app/contracts';
import { startInProcess } from '../support/apps';
import { closePools, db, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import {
  applyEnv,
  ensureTopics,
  FakeParticipants,
  newOrder,
  orchestratorTestEnv,
} from './support/fake-participants';

/**
 * Every timer a saga goes through here: placeHold unanswered twice (2 reply deadlines + 1 retry delay;
 * the second attempt's timeout comes ≥ 2.16 s after the start and its retry would be ≥ 0.32 s later, past
 * the 2.3 s business deadline, so the step is abandoned there with no incident and no third attempt —
 * with a 2.5 s deadline a punctual machine and full jitter left a retry at 2.48 s and raised a second
 * incident), then releaseHold unanswered
 * twice (2 deadlines + 2 retry delays, an incident at the second) and answered on its third attempt —
 * at least; on a loaded machine the answer may come after the third attempt's 1 s deadline, and a fourth
 * attempt (two more timers) goes out. Exactly once is what matters: no timer fires twice (none ignored).
 */
const TIMERS_PER_SAGA = 7;
const SAGAS = 16;

async function timersFired(app: INestApplication): Promise<{ decided: number; ignored: number }> {
  const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
  const value = (outcome: string) =>
    Number(
      new RegExp(`gavel_saga_timers_fired_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(
        text,
      )?.[1] ?? 0,
    );
  return { decided: value('decided'), ignored: value('ignored') };
}

/**
 * Two orchestrator instances (two Nest apps, two DataSources and pools) poll the same saga_timers table.
 * Each timer must fire exactly once: a second firing would reach the engine and be ignored as STALE_TIMER.
 */
describe('timers: two pollers fire each timer once; an unanswered compensation’s incident resolves itself', () => {
  let a: INestApplication;
  let b: INestApplication;
  const participants = new FakeParticipants();
  const alerts = new KafkaTap(Topics.sagaAlerts);

  beforeAll(async () => {
    applyEnv({
      ...orchestratorTestEnv,
      GAVEL_SAGA_STEP_TIMEOUT_MS: '1000',
      GAVEL_ORDER_STEP_DEADLINE_MS: '2300',
      GAVEL_SAGA_RETRY_DELAY_MS: '200',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1000',
      GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS: '2',
      GAVEL_SAGA_TIMER_POLL_MS: '20',
      GAVEL_SAGA_TIMER_BATCH: '3',
    });
    await ensureTopics([Topics.sagaAlerts]);
    await Promise.all([participants.start(), alerts.start()]);
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    a = await startInProcess(AppModule);
    b = await startInProcess(AppModule);
  });
  afterAll(async () => {
    if (a) await participants.abortUnfinished(a);
    await a?.close();
    await b?.close();
    await Promise.all([participants.stop(), alerts.stop()]);
    await closePools();
  });

  it('fires each of the timers exactly once across both instances', async () => {
    const before = await timersFired(a);
    const ids: string[] = [];
    for (let i = 0; i < SAGAS; i++) {
      const order = newOrder();
      await request((i % 2 === 0 ? a : b).getHttpServer())
        .post('/orders')
        .send(order)
        .expect(202);
      ids.push(order.orderId);
    }
    // The wallet "comes back" for the release: its third attempt is answered.
    await Promise.all(
      ids.map((id) => participants.answer(id, M.wallet.releaseHold, { type: M.wallet.holdReleased }, 3)),
    );
    await waitFor(
      'every saga to end compensated',
      async () => {
        const r = await db('orchestrator').query(
          `SELECT count(*)::int AS n FROM sagas WHERE id = ANY($1) AND status = 'COMPENSATED'`,
          [ids],
        );
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
    expect(timerDecisions.rows.length).toBeGreaterThanOrEqual(SAGAS * TIMERS_PER_SAGA);
    const left = await db('orchestrator').query(
      `SELECT count(*)::int AS n FROM saga_timers WHERE saga_id = ANY($1)`,
      [ids],
    );
    expect(left.rows[0].n).toBe(0);

    // Both apps share this process's prom-client registry, so /metrics counts both pollers.
    const after = await timersFired(b);
    expect(after.ignored - before.ignored).toBe(0);
    expect(after.decided - before.decided).toBeGreaterThanOrEqual(SAGAS * TIMERS_PER_SAGA);

    for (const id of ids) {
      // At least two attempts of the same placeHold command, then at least three of the same release, each
      // numbered from 1 without a gap. How many of each go out before a deadline depends on how late a loaded
      // machine fires the timers; that each command keeps one id and each timer fires once does not.
      const commands = participants.commands(id);
      const holds = commands.filter((c) => c.type === M.wallet.placeHold);
      const releases = commands.slice(holds.length);
      expect(holds.length).toBeGreaterThanOrEqual(2);
      expect(releases.length).toBeGreaterThanOrEqual(3);
      expect(commands.map((c) => `${c.type}#${c.metadata.attempt}`)).toEqual([
        ...holds.map((_, i) => `${M.wallet.placeHold}#${i + 1}`),
        ...releases.map((_, i) => `${M.wallet.releaseHold}#${i + 1}`),
      ]);
      expect(new Set(holds.map((c) => c.metadata.commandId)).size).toBe(1);
      expect(new Set(releases.map((c) => c.metadata.commandId)).size).toBe(1);
      const events = await db('orchestrator').query(
        `SELECT type FROM saga_events WHERE saga_id = $1 ORDER BY seq`,
        [id],
      );
      const types = events.rows.map((r: { type: string }) => r.type);
      expect(types.filter((t: string) => t === 'IncidentRaised')).toHaveLength(1);
      expect(types.filter((t: string) => t === 'IncidentResolved')).toHaveLength(1);
      expect(types).not.toContain('CompensationFailed');
    }
    const raised = await waitFor('an incident raised and resolved per saga on saga.alerts', async () => {
      const found = ids.map((id) => alerts.byKey(id).map((r) => (r.value as { type: string }).type));
      return (
        found.every((t) => t.includes('SagaIncidentRaised') && t.includes('SagaIncidentResolved')) &&
        alerts.byKey(ids[0]!)
      );
    });
    expect(raised[0]?.value).toMatchObject({
      type: 'SagaIncidentRaised',
      data: {
        sagaId: ids[0],
        sagaType: 'Order',
        step: 'reserveFunds',
        attempts: 2,
        reason: 'no reply from wallet after 2 attempt(s)',
      },
    });
    expect(raised[1]?.value).toMatchObject({
      type: 'SagaIncidentResolved',
      data: { sagaId: ids[0], step: 'reserveFunds', reason: 'answered' },
    });
    const view = await request(a.getHttpServer()).get(`/orders/${ids[0]}`).expect(200);
    expect(view.body).toMatchObject({ status: 'CANCELLED', code: 'SAGA.STEP_TIMEOUT' });
  });
});
