import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { OrderSagaMessages as M } from '@app/contracts';
import { freePort, ServiceProcess, spawnService } from '../support/apps';
import { closePools, db, ROOT, sleep, waitFor } from '../support/env';
import {
  applyEnv,
  Command,
  FakeParticipants,
  newOrder,
  orchestratorTestEnv,
  ReplySpec,
} from './support/fake-participants';

const SAGAS = 12;
/** Order v3: hold, charge, reserve, book, settle (capture and pay the seller). */
const STEPS = 5;

/** What a well-behaved participant answers (the same reply again for a retried commandId). */
function replyTo(command: Command): ReplySpec {
  const id = command.metadata.commandId;
  switch (command.type) {
    case M.wallet.placeHold:
      return { type: M.wallet.holdPlaced, data: { holdId: `h-${id}` } };
    case M.payment.charge:
      return { type: M.payment.charged, data: { paymentId: `p-${id}` } };
    case M.warehouse.reserve:
      return { type: M.warehouse.reserved, data: { reservationId: `r-${id}` } };
    case M.delivery.book:
      return { type: M.delivery.booked, data: { bookingId: `b-${id}`, slotId: 's-1' } };
    case M.wallet.captureHold:
      return { type: M.wallet.holdCaptured };
    case M.wallet.releaseEscrowToSeller:
      return { type: M.wallet.escrowReleased, data: { feeBps: 500, fee: '5', payout: '95' } };
    case M.wallet.settleOrder:
      return { type: M.wallet.orderSettled, data: { feeBps: 500, fee: '5', payout: '95' } };
    case M.wallet.releaseHold:
      return { type: M.wallet.holdReleased };
    case M.payment.refund:
      return { type: M.payment.refunded };
    case M.warehouse.release:
      return { type: M.warehouse.released };
    default:
      return { type: M.delivery.cancelled };
  }
}

/** The orchestrator process is SIGKILLed while sagas are in flight; after a restart they all finish. */
describe('orchestrator killed with SIGKILL mid-run', () => {
  const participants = new FakeParticipants();
  const answered = new Set<string>();
  let responder: NodeJS.Timeout | undefined;
  let orchestrator: ServiceProcess | undefined;
  let sagaIds: string[] = [];
  // Deadlines long enough to outlast the outage (the killed member's Kafka session expires after 8 s).
  const env = {
    ...orchestratorTestEnv,
    GAVEL_SAGA_STEP_TIMEOUT_MS: '15000',
    GAVEL_KAFKA_SESSION_TIMEOUT_MS: '8000',
  };

  beforeAll(async () => {
    applyEnv(env);
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 180_000 });
    await participants.start();
    // Answer every command (also retries: same reply, new message id), a little slowly.
    responder = setInterval(() => {
      for (const id of sagaIds) {
        for (const c of participants.commands(id)) {
          const key = c.headers['message-id'];
          if (answered.has(key)) continue;
          answered.add(key);
          void participants.reply(c, replyTo(c));
        }
      }
    }, 150);
  });
  afterAll(async () => {
    if (responder) clearInterval(responder);
    if (orchestrator) await participants.abortUnfinished(orchestrator.url);
    await orchestrator?.kill('SIGTERM');
    await participants.stop();
    await closePools();
  });

  it('every saga completes after the restart, each step succeeded once', async () => {
    const port = await freePort();
    orchestrator = await spawnService('orchestrator', port, env);
    const orders = Array.from({ length: SAGAS }, () => newOrder());
    for (const order of orders) {
      const res = await fetch(`${orchestrator.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(order),
      });
      expect(res.status).toBe(202);
    }
    sagaIds = orders.map((o) => o.orderId);

    const progressed = async () =>
      (
        await db('orchestrator').query(
          `SELECT count(*)::int AS n FROM saga_events WHERE saga_id = ANY($1) AND type = 'StepSucceeded'`,
          [sagaIds],
        )
      ).rows[0].n;
    await waitFor('some steps to succeed', async () => (await progressed()) >= SAGAS, 60_000, 20);
    await orchestrator.kill('SIGKILL');
    const atKill = await progressed();
    expect(atKill).toBeLessThan(SAGAS * STEPS);
    await sleep(2000); // replies keep arriving in Kafka; deadlines pass while the orchestrator is down

    orchestrator = await spawnService('orchestrator', port, env);
    await waitFor(
      'all sagas COMPLETED',
      async () => {
        const r = await db('orchestrator').query(
          `SELECT count(*)::int AS n FROM sagas WHERE id = ANY($1) AND status = 'COMPLETED'`,
          [sagaIds],
        );
        return r.rows[0].n === SAGAS;
      },
      120_000,
      250,
    );
    const steps = await db('orchestrator').query(
      `SELECT saga_id, data->>'step' AS step, count(*)::int AS n FROM saga_events
       WHERE saga_id = ANY($1) AND type = 'StepSucceeded' GROUP BY saga_id, data->>'step'`,
      [sagaIds],
    );
    expect(steps.rows).toHaveLength(SAGAS * STEPS);
    expect(steps.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    for (const id of sagaIds) {
      const res = await fetch(`${orchestrator.url}/orders/${id}`);
      expect(await res.json()).toMatchObject({ orderId: id, status: 'COMPLETED' });
      const forward = new Set(participants.commands(id).map((c) => `${c.type}:${c.metadata.commandId}`));
      expect(forward.size).toBe(STEPS);
    }
  });
});
