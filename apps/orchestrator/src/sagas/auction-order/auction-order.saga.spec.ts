import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { specPolicies } from '../saga-policies.fixture';
import { agreeingParticipants, FakeWallet, SPEC_ADDRESS } from '../order/order-participants.fixture';
import { AuctionOrderData, buildAuctionOrderSagaV1, buildAuctionOrderSagaV2 } from './auction-order.saga';
import { auctionOrderId } from './auction-saga-ids';

// orderStepDeadlineMs is ignored by AuctionOrder: a winner's order never gives up on a slow participant.
const policies = specPolicies({ incidentAfterAttempts: 3, orderStepDeadlineMs: 1_500 });
const registry = new SagaRegistry().register(buildAuctionOrderSagaV1(policies));

const order: AuctionOrderData = {
  orderId: auctionOrderId('L1'),
  lotId: 'L1',
  buyerId: 'u1',
  sellerId: 's1',
  sku: 'SKU',
  quantity: 1,
  amount: '1600',
  address: SPEC_ADDRESS,
  holdId: 'h-1',
};

/** Success replies of the forward steps, in order, with what each folds into the data. */
const forward: [step: string, command: string, reply: string, data?: Record<string, string>][] = [
  ['adoptHold', M.wallet.confirmHold, M.wallet.holdConfirmed],
  ['charge', M.payment.charge, M.payment.charged, { paymentId: 'p' }],
  ['reserveStock', M.warehouse.reserve, M.warehouse.reserved, { reservationId: 'r' }],
  ['bookDelivery', M.delivery.book, M.delivery.booked, { bookingId: 'bk' }],
  ['captureFunds', M.wallet.captureHold, M.wallet.holdCaptured],
];

/** The refusal of each step that can refuse, and the compensations (in order) that follow it. */
const refusals: [step: string, reply: string, code: string, undo: string[]][] = [
  ['adoptHold', M.wallet.holdNotActive, 'WALLET.HOLD_NOT_ACTIVE', []],
  ['charge', M.payment.declined, 'PAYMENT.DECLINED', [M.wallet.releaseHold]],
  ['reserveStock', M.warehouse.rejected, 'WAREHOUSE.OUT_OF_STOCK', [M.payment.refund, M.wallet.releaseHold]],
  [
    'bookDelivery',
    M.delivery.rejected,
    'DELIVERY.UNDELIVERABLE_ADDRESS',
    [M.warehouse.release, M.payment.refund, M.wallet.releaseHold],
  ],
];

const undoReply: Record<string, string> = {
  [M.wallet.releaseHold]: M.wallet.holdReleased,
  [M.payment.refund]: M.payment.refunded,
  [M.warehouse.release]: M.warehouse.released,
  [M.delivery.cancel]: M.delivery.cancelled,
};

function startedOrder(): SagaDriver {
  const run = new SagaDriver(registry, { sagaId: order.orderId });
  run.start('AuctionOrder', order);
  return run;
}

describe('AuctionOrder saga v1: steps', () => {
  it('derives one order id per lot', () => {
    expect(auctionOrderId('L1')).toBe(order.orderId);
    expect(auctionOrderId('L2')).not.toBe(order.orderId);
  });

  it('adopts the winning hold, then charge → reserveStock → bookDelivery → captureFunds on it', () => {
    const run = startedOrder();
    for (const [step, command, reply, data] of forward) {
      expect(run.state.outstanding).toMatchObject({ step, command: { type: command } });
      run.reply(reply, { data: data ?? {} });
    }
    expect(run.state.status).toBe('COMPLETED');
    expect(run.sentTypes()).toEqual(forward.map(([, command]) => command));
    expect(run.state.data).toMatchObject({
      lotId: 'L1',
      holdId: 'h-1',
      paymentId: 'p',
      reservationId: 'r',
      bookingId: 'bk',
    });
  });

  it('every command works on the winning hold and the auction order id', () => {
    const run = startedOrder();
    expect(run.outstanding).toEqual({
      type: M.wallet.confirmHold,
      data: { holdId: 'h-1', userId: 'u1', amount: '1600', reference: `order:${order.orderId}` },
    });
    run.reply(M.wallet.holdConfirmed);
    expect(run.outstanding).toMatchObject({
      type: M.payment.charge,
      data: { orderId: order.orderId, holdId: 'h-1', amount: '1600' },
    });
  });
});

describe('AuctionOrder saga v1: compensations', () => {
  it.each(refusals)('a refusal at %s undoes the completed steps in reverse', (step, reply, code, undo) => {
    const run = startedOrder();
    for (const [name, , ok, data] of forward) {
      if (name === step) break;
      run.reply(ok, { data: data ?? {} });
    }
    run.refuse(reply, code, `${step} refused`);
    for (const command of undo) {
      expect(run.outstanding?.type).toBe(command);
      run.reply(undoReply[command]!);
    }
    expect(run.state).toMatchObject({ status: 'COMPENSATED', failure: { code, reason: `${step} refused` } });
    expect(run.state.compensatedSteps).toHaveLength(undo.length);
  });

  it('the hold release names the winning hold and the adopt command, so it also covers an adopt that came late', () => {
    const run = startedOrder();
    const adopt = run.outstandingId;
    run.reply(M.wallet.holdConfirmed);
    run.refuse(M.payment.declined, 'PAYMENT.DECLINED', 'declined');
    expect(run.outstanding).toEqual({
      type: M.wallet.releaseHold,
      data: { forwardCommandId: adopt, holdId: 'h-1' },
    });
  });

  it('a participant that stays away never cancels the order: an incident, then it goes on', () => {
    const run = startedOrder();
    run.reply(M.wallet.holdConfirmed);
    for (let i = 0; i < 30; i += 1) run.fire();
    expect(run.state).toMatchObject({
      status: 'RUNNING',
      outstanding: { step: 'charge', attempt: 16 },
      incident: { step: 'charge' },
    });
    expect(run.history()).not.toContain('CompensationStarted');
    run.reply(M.payment.charged);
    expect(run.state.incident).toBeNull();
  });

  it("a wallet down across the auction close delays the winner's order at adoptHold, never cancels it", () => {
    const run = startedOrder();
    for (let i = 0; i < 40; i += 1) run.fire(); // twenty unanswered attempts of adoptHold
    expect(run.state).toMatchObject({
      status: 'RUNNING',
      outstanding: { step: 'adoptHold', attempt: 21 },
      incident: { step: 'adoptHold' },
    });
    for (const [, , reply, data] of forward) run.reply(reply, { data: data ?? {} });
    expect(run.state).toMatchObject({ status: 'COMPLETED', incident: null });
    expect(run.events.filter((e) => e.type === 'IncidentRaised')).toHaveLength(1);
  });

  it('an unanswered compensation is retried until it is answered; only a refusal stops it', () => {
    const run = startedOrder();
    run.reply(M.wallet.holdConfirmed);
    run.refuse(M.payment.declined, 'PAYMENT.DECLINED', 'declined');
    for (let i = 0; i < 10; i += 1) run.fire();
    expect(run.state).toMatchObject({
      status: 'COMPENSATING',
      incident: { step: 'adoptHold', phase: 'compensation' },
    });
    run.refuse('wallet.releaseHold.failed', 'PARTICIPANT.ERROR', 'hold table corrupt');
    expect(run.state).toMatchObject({
      status: 'COMPENSATION_FAILED',
      compensationError: { step: 'adoptHold' },
    });
  });
});

describe('AuctionOrder saga v2: the seller is paid, a failure after the capture refunds', () => {
  const v2 = new SagaRegistry().register(
    buildAuctionOrderSagaV1(policies),
    buildAuctionOrderSagaV2(policies),
  );
  /** The winner has 2000 and the winning hold of 1600; the order states 5 %. */
  function wonLot() {
    const wallet = new FakeWallet().deposit('u1', 2_000n).holdFor('u1', 1_600n, 'h-1');
    const run = new SagaDriver(v2, { sagaId: order.orderId });
    run.start('AuctionOrder', { ...order, feeBps: 500 });
    return { run, wallet, participants: { wallet: wallet.participant, ...agreeingParticipants() } };
  }

  it('adopts the winning hold, captures it into escrow and pays the seller 1600 − 5 %', () => {
    const { run, wallet, participants } = wonLot();
    run.runWith(participants);
    expect(run.state).toMatchObject({ status: 'COMPLETED', version: 2 });
    expect(run.sentTypes()).toEqual([
      ...forward.map(([, command]) => command),
      M.wallet.releaseEscrowToSeller,
    ]);
    expect(run.state.data).toMatchObject({
      lotId: 'L1',
      holdId: 'h-1',
      feeBps: 500,
      fee: '80',
      payout: '1520',
    });
    expect(wallet.proceeds.get('s1')).toBe(1_520n);
    expect(wallet.fees).toBe(80n);
    expect(wallet.balanceOf('u1')).toBe(400n);
    expect(wallet.conserved()).toBe(true);
  });

  it('a refusal before the capture releases the winning hold; after it, the escrow is refunded and the release gives nothing', () => {
    const before = wonLot();
    before.run.runWith({
      wallet: before.wallet.participant,
      ...agreeingParticipants({ command: M.delivery.book, code: 'DELIVERY.UNDELIVERABLE_ADDRESS' }),
    });
    expect(before.run.sentTypes()).not.toContain(M.wallet.refundEscrow);
    expect(before.wallet.balanceOf('u1')).toBe(2_000n);
    expect(before.wallet.held.get('u1')).toBe(0n);

    const after = wonLot();
    after.run.runWith({ ...after.participants, wallet: after.wallet.silentAt('payoutSeller', 'down') });
    after.wallet.refundByHand('h-1');
    after.run.fire();
    after.run.runWith(after.participants);
    expect(after.run.state).toMatchObject({
      status: 'COMPENSATED',
      failure: { code: 'WALLET.ESCROW_SETTLED' },
    });
    expect(after.run.sentTypes().slice(-5)).toEqual([
      M.wallet.refundEscrow,
      M.delivery.cancel,
      M.warehouse.release,
      M.payment.refund,
      M.wallet.releaseHold,
    ]);
    expect(after.wallet.balanceOf('u1')).toBe(2_000n);
    for (const { wallet } of [before, after]) expect(wallet.conserved()).toBe(true);
  });

  it('an auction order started on v1 finishes on v1 (no payout) after v2 is registered', () => {
    const v1Only = new SagaRegistry().register(buildAuctionOrderSagaV1(policies));
    const wallet = new FakeWallet().deposit('u1', 2_000n).holdFor('u1', 1_600n, 'h-1');
    const run = new SagaDriver(v1Only, { sagaId: order.orderId });
    run.start('AuctionOrder', order);
    run.runWith({ wallet: wallet.silentAt('captureFunds', 'down'), ...agreeingParticipants() });
    v1Only.register(buildAuctionOrderSagaV2(policies)); // deployed while the capture is in flight
    run.fire();
    run.runWith({ wallet: wallet.participant, ...agreeingParticipants() });
    expect(run.state).toMatchObject({ status: 'COMPLETED', version: 1 });
    expect(run.sentTypes()).toEqual(forward.map(([, command]) => command));
    expect(wallet.escrow).toBe(1_600n);
  });
});
