import { INestApplication } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import request from 'supertest';
import { OrderSagaMessages as M } from '@app/contracts';
import {
  ListSagasQuery,
  SagaPage,
} from '../../apps/orchestrator/src/sagas/application/list-sagas/list-sagas.query';
import { startInProcess } from '../support/apps';
import { closePools, db, waitFor } from '../support/env';
import {
  applyEnv,
  FakeParticipants,
  newOrder,
  orchestratorTestEnv,
  skipRepliesBacklog,
} from './support/fake-participants';

interface Summary {
  id: string;
  type: string;
  status: string;
  attempt: number | null;
  lastError: string | null;
  incident: {
    step: string;
    phase: string;
    commandId: string;
    attempts: number;
    reason: string;
    since: string;
  } | null;
}

/**
 * Incidents as ops see them: the real orchestrator (in process, PostgreSQL and Kafka), its participants
 * played by the test and silent until told to answer. The `sagas` projection carries the open incident,
 * GET /sagas?incident=open lists it (newest first), GET /sagas/:id shows it, the gauge counts it.
 */
describe('orchestrator: open incidents in the projection, the listing and the metrics', () => {
  let app: INestApplication;
  const participants = new FakeParticipants();

  beforeAll(async () => {
    applyEnv({
      ...orchestratorTestEnv,
      GAVEL_SAGA_STEP_TIMEOUT_MS: '400',
      GAVEL_SAGA_RETRY_DELAY_MS: '100',
      GAVEL_SAGA_RETRY_MAX_DELAY_MS: '200',
      GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS: '2',
      GAVEL_SAGA_TIMER_POLL_MS: '50',
      GAVEL_SAGA_INCIDENTS_GAUGE_CACHE_MS: '0',
    });
    await skipRepliesBacklog();
    await participants.start();
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    if (app) await participants.abortUnfinished(app);
    // Left running, a silent participant's saga would be retried for ever by any orchestrator on this database.
    for (const id of started)
      await http().post(`/sagas/${id}/abort`).set('x-gavel-role', 'admin').send({ by: 'cleanup' });
    await app?.close();
    await participants.stop();
    for (const name of [
      'GAVEL_SAGA_RETRY_MAX_DELAY_MS',
      'GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS',
      'GAVEL_SAGA_INCIDENTS_GAUGE_CACHE_MS',
    ])
      delete process.env[name];
    await closePools();
  });

  const http = () => request(app.getHttpServer());
  const saga = async (id: string): Promise<Summary & { events: { type: string }[] }> =>
    (await http().get(`/sagas/${id}`).expect(200)).body;
  /** The listing's query, as GET /sagas?incident=open runs it. */
  const openIncidents = async (): Promise<Summary[]> =>
    (
      await app
        .get(QueryBus)
        .execute<ListSagasQuery, SagaPage>(new ListSagasQuery(undefined, undefined, 200, 0, 'open'))
    ).items;

  const started: string[] = [];
  async function start(): Promise<string> {
    const order = newOrder();
    await http().post('/orders').send(order).expect(202);
    started.push(order.orderId);
    return order.orderId;
  }

  const incidentOpen = (id: string): Promise<Summary> =>
    waitFor(
      `an open incident on ${id}`,
      async () => {
        const s = await saga(id);
        return s.incident !== null && s;
      },
      20_000,
      100,
    );

  it('lists a silent participant’s incident (attempts, last error), newest first, until answered', async () => {
    const older = await start();
    const first = await incidentOpen(older);
    const newer = await start();
    await incidentOpen(newer);

    expect(first.status).toBe('RUNNING');
    expect(first.incident).toEqual({
      step: 'reserveFunds',
      phase: 'forward',
      commandId: expect.any(String),
      attempts: 2,
      reason: expect.stringContaining('no reply'),
      since: expect.any(String),
    });
    expect(first.attempt).toBeGreaterThanOrEqual(2);
    expect(first.lastError).toEqual(expect.stringContaining('no reply'));
    const row = await db('orchestrator').query(
      'SELECT incident_step, incident_attempts, incident_since FROM sagas WHERE id = $1',
      [older],
    );
    expect(row.rows[0]).toMatchObject({ incident_step: 'reserveFunds', incident_attempts: 2 });

    // Only sagas with an open incident, the newest incident first.
    const listed = await openIncidents();
    expect(listed.every((s) => s.incident !== null)).toBe(true);
    const ids = listed.map((s) => s.id);
    expect(ids.indexOf(newer)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    const since = listed.map((s) => s.incident!.since);
    expect([...since].sort().reverse()).toEqual(since);

    // The gauge reads the projection at scrape time.
    const metrics = (await http().get('/metrics').expect(200)).text;
    const open = Number(/^gavel_saga_incidents_open\{type="Order"\} (\d+)$/m.exec(metrics)?.[1]);
    expect(open).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^gavel_saga_incidents_raised_total\{type="Order"\} \d+$/m);

    // The participant answers: the incident resolves itself and leaves the list.
    const hold = await participants.command(older, M.wallet.placeHold);
    await participants.reply(hold, { type: M.wallet.holdPlaced, data: { holdId: `hold-${older}` } });
    const resolved = await waitFor(
      'the incident to resolve',
      async () => {
        const s = await saga(older);
        return s.incident === null && s;
      },
      20_000,
      100,
    );
    expect(resolved.events.map((e) => e.type)).toContain('IncidentResolved');
    expect((await openIncidents()).map((s) => s.id)).not.toContain(older);
    expect(
      await db('orchestrator')
        .query('SELECT incident_since FROM sagas WHERE id = $1', [older])
        .then((r) => r.rows[0].incident_since),
    ).toBeNull();
  });

  it('filters GET /sagas?incident=open over HTTP (with other filters); refuses an unknown one', async () => {
    const id = await start();
    await incidentOpen(id);
    // A newer saga without an incident: the newest of all, so only the filter keeps it out.
    const calm = await start();
    await http().post(`/sagas/${calm}/abort`).set('x-gavel-role', 'admin').send({ by: 'test' }).expect(200);
    const page = await http()
      .get('/sagas')
      .query({ incident: 'open', type: 'Order', limit: 200 })
      .expect(200);
    const items = page.body.items as Summary[];
    expect(items.map((s) => s.id)).toContain(id);
    expect(items.map((s) => s.id)).not.toContain(calm);
    expect(items.every((s) => s.incident !== null && s.type === 'Order')).toBe(true);
    expect(page.body.total).toBeGreaterThanOrEqual(items.length);

    const res = await http().get('/sagas').query({ incident: 'closed' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
  });
});
