import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OrderSagaMessages as M } from '@app/contracts';
import { startInProcess } from '../support/apps';
import { closePools, sleep, waitFor } from '../support/env';
import {
  applyEnv,
  FakeParticipants,
  newOrder,
  orchestratorTestEnv,
  skipRepliesBacklog,
} from './support/fake-participants';

/** Operator actions (recorded as events, admin only) and the saga listing. */
describe('orchestrator admin actions and GET /sagas', () => {
  let app: INestApplication;
  const participants = new FakeParticipants();

  beforeAll(async () => {
    applyEnv(orchestratorTestEnv);
    await skipRepliesBacklog();
    await participants.start();
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    if (app) await participants.abortUnfinished(app);
    await app?.close();
    await participants.stop();
    await closePools();
  });

  const http = () => request(app.getHttpServer());
  const admin = (path: string, body: object) => http().post(path).set('x-gavel-role', 'admin').send(body);
  const saga = async (id: string) => (await http().get(`/sagas/${id}`).expect(200)).body;

  async function start(): Promise<string> {
    const order = newOrder();
    await http().post('/orders').send(order).expect(202);
    return order.orderId;
  }

  it('abort: 403 without the admin role, then ABORTED with the operator recorded, then 409', async () => {
    const id = await start();
    await participants.command(id, M.wallet.placeHold);
    for (const role of [undefined, 'buyer']) {
      const req = http().post(`/sagas/${id}/abort`);
      const res = await (role ? req.set('x-gavel-role', role) : req).send({ by: 'mallory' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
    }
    expect((await saga(id)).status).toBe('RUNNING');

    const res = await admin(`/sagas/${id}/abort`, { by: 'ops-1', reason: 'fraud suspected' }).expect(200);
    expect(res.body).toMatchObject({
      sagaId: id,
      status: 'ABORTED',
      events: ['OperatorAbortRequested', 'SagaAborted'],
    });
    const after = await saga(id);
    expect(after.failure).toEqual({ reason: 'fraud suspected', code: 'SAGA.ABORTED' });
    expect(after.events.slice(-2)).toMatchObject([
      { type: 'OperatorAbortRequested', data: { by: 'ops-1', reason: 'fraud suspected' } },
      { type: 'SagaAborted' },
    ]);
    const order = await http().get(`/orders/${id}`).expect(200);
    expect(order.body).toMatchObject({ status: 'ABORTED', code: 'SAGA.ABORTED' });

    const again = await admin(`/sagas/${id}/abort`, { by: 'ops-1' }).expect(409);
    expect(again.body).toMatchObject({ code: 'SAGA.TERMINAL', details: { engineCode: 'SAGA_TERMINAL' } });
    // The pending deadline was cancelled with the abort: nothing more is sent.
    await sleep(500);
    expect(participants.types(id)).toEqual([M.wallet.placeHold]);
    await admin('/sagas/no-such-saga/abort', { by: 'ops-1' }).expect(404);
    await admin(`/sagas/${id}/abort`, { by: 'bad by!' }).expect(400);
  });

  it('retry-step re-sends the outstanding command under the same commandId; compensate turns back', async () => {
    const id = await start();
    const first = await participants.command(id, M.wallet.placeHold);
    const retried = await admin(`/sagas/${id}/retry-step`, { by: 'ops-2' }).expect(200);
    expect(retried.body.events).toEqual(['OperatorRetryRequested', 'StepCommandIssued']);
    const second = await participants.command(id, M.wallet.placeHold, 2);
    expect(second.metadata).toMatchObject({ commandId: first.metadata.commandId, attempt: 1 });

    await participants.reply(second, { type: M.wallet.holdPlaced, data: { holdId: 'h-op' } });
    await participants.command(id, M.payment.charge);
    const compensating = await admin(`/sagas/${id}/compensate`, {
      by: 'ops-2',
      reason: 'buyer called',
    }).expect(200);
    expect(compensating.body).toMatchObject({
      status: 'COMPENSATING',
      events: ['OperatorCompensateRequested', 'CompensationStarted', 'CompensationCommandIssued'],
    });
    await admin(`/sagas/${id}/compensate`, { by: 'ops-2' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('SAGA.ALREADY_COMPENSATING'));
    // The in-flight charge is refunded first (it may have happened), then the hold is released.
    await participants.answer(id, M.payment.refund, { type: M.payment.refunded });
    await participants.answer(id, M.wallet.releaseHold, { type: M.wallet.holdReleased });
    const done = await waitFor('COMPENSATED', async () => {
      const s = await saga(id);
      return s.status === 'COMPENSATED' && s;
    });
    expect(done.failure).toEqual({ reason: 'buyer called', code: 'SAGA.OPERATOR_COMPENSATE' });
  });

  it('GET /sagas filters by type and status, pages, and validates', async () => {
    const running = [await start(), await start(), await start()];
    const aborted = await start();
    await admin(`/sagas/${aborted}/abort`, { by: 'ops-3' }).expect(200);

    const page = await http()
      .get('/sagas')
      .query({ type: 'Order', status: 'RUNNING', limit: 200 })
      .expect(200);
    const ids: string[] = page.body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(running));
    expect(ids).not.toContain(aborted);
    expect(
      page.body.items.every(
        (s: { status: string; type: string }) => s.status === 'RUNNING' && s.type === 'Order',
      ),
    ).toBe(true);
    expect(page.body.total).toBeGreaterThanOrEqual(3);

    const abortedPage = await http().get('/sagas').query({ status: 'ABORTED', limit: 5 }).expect(200);
    expect(abortedPage.body.items[0]).toMatchObject({ id: aborted, status: 'ABORTED', type: 'Order' });

    const first = await http()
      .get('/sagas')
      .query({ type: 'Order', status: 'RUNNING', limit: 2, offset: 0 })
      .expect(200);
    const second = await http()
      .get('/sagas')
      .query({ type: 'Order', status: 'RUNNING', limit: 2, offset: 2 })
      .expect(200);
    expect(first.body).toMatchObject({ limit: 2, offset: 0 });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([running[2], running[1]]);
    expect(second.body.items[0].id).toBe(running[0]);
    expect((await http().get('/sagas').query({ type: 'NoSuchSaga' }).expect(200)).body).toMatchObject({
      items: [],
      total: 0,
    });

    for (const query of [{ status: 'DONE' }, { limit: 0 }, { limit: 'x' }, { offset: -1 }, { type: 'a b' }]) {
      const res = await http().get('/sagas').query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'REQUEST.INVALID',
      });
    }
    for (const id of [...running]) await admin(`/sagas/${id}/abort`, { by: 'cleanup' }).expect(200);
  });
});
