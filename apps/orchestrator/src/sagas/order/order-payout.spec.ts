import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { buildSagaCatalog } from '../saga-catalog';
import { specPolicies } from '../saga-policies.fixture';
import {
  agreeingParticipants,
  FakeWallet,
  ORDER_V2_COMMANDS,
  SPEC_ADDRESS,
  startedOrder,
} from './order-participants.fixture';
import { buildOrderSagaV1, buildOrderSagaV2, OrderData } from './order.saga';
import { toOrderView } from './order.view';

const policies = specPolicies();
const registry = new SagaRegistry().register(buildOrderSagaV1(policies), buildOrderSagaV2(policies));

/** A sale of 19.99 at the default 5 %: the seller gets 19.00, the platform 0.99 (fee rounded down). */
const PRICE = 1_999n;
const order: OrderData = {
  orderId: 'o-1',
  buyerId: 'buyer',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: PRICE.toString(),
  address: SPEC_ADDRESS,
  feeBps: 500,
};

const sale = (deposit = 5_000n) => startedOrder(registry, 'Order', order, deposit);

const view = (run: SagaDriver) =>
  toOrderView({
    status: run.state.status,
    step: null,
    data: run.state.data as OrderData,
    failure: run.state.failure,
    createdAt: '',
    updatedAt: '',
  });

describe('Order saga v2: the seller is paid out of escrow', () => {
  it('runs the orders started on v2; the catalog keeps v1 and v2 for the orders started before v3', () => {
    expect(sale().run.state.version).toBe(2);
    expect(buildSagaCatalog().registry.versions('Order')).toEqual([1, 2, 3]);
  });

  it('a full sale pays the seller the price minus the fee and the platform the fee, once the delivery is booked', () => {
    const { run, wallet, participants } = sale();
    run.runWith(participants);
    expect(run.state.status).toBe('COMPLETED');
    expect(run.sentTypes()).toEqual(ORDER_V2_COMMANDS);
    expect(wallet.proceeds.get('seller')).toBe(1_900n);
    expect(wallet.fees).toBe(99n);
    expect(wallet.escrow).toBe(0n);
    expect(wallet.balanceOf('buyer')).toBe(5_000n - PRICE);
    expect(wallet.conserved()).toBe(true);
    expect(view(run)).toMatchObject({ status: 'COMPLETED', feeBps: 500, fee: '99', payout: '1900' });
  });

  it("the payout names the captured hold, the order's seller and the fee rate the order states", () => {
    const { run, wallet, participants } = sale();
    run.runWith({ ...participants, wallet: wallet.silentAt('payoutSeller', 'down') });
    expect(run.outstanding).toEqual({
      type: M.wallet.releaseEscrowToSeller,
      data: { holdId: 'hold-1', sellerId: 'seller', reference: 'order:o-1', feeBps: 500 },
    });
    expect(view(run)).toMatchObject({ status: 'PENDING', feeBps: 500, fee: null, payout: null });
  });

  it.each([
    ['charge', M.payment.charge, 'PAYMENT.DECLINED', [M.wallet.releaseHold]],
    ['reserveStock', M.warehouse.reserve, 'WAREHOUSE.OUT_OF_STOCK', [M.payment.refund, M.wallet.releaseHold]],
    [
      'bookDelivery',
      M.delivery.book,
      'DELIVERY.UNDELIVERABLE_ADDRESS',
      [M.warehouse.release, M.payment.refund, M.wallet.releaseHold],
    ],
  ])(
    'a refusal at %s, before the capture, releases the hold: every cent back',
    (_step, command, code, undo) => {
      const { run, wallet } = sale();
      run.runWith({ wallet: wallet.participant, ...agreeingParticipants({ command, code }) });
      expect(run.state).toMatchObject({ status: 'COMPENSATED', failure: { code } });
      expect(run.sentTypes().slice(-undo.length)).toEqual(undo);
      expect(run.sentTypes()).not.toContain(M.wallet.refundEscrow);
      expect(wallet.balanceOf('buyer')).toBe(5_000n);
      expect(wallet.conserved()).toBe(true);
    },
  );
});

describe('Order saga v2: a failure after the capture refunds the buyer from escrow, exactly once', () => {
  const undoAfterCapture = [
    M.wallet.refundEscrow,
    M.delivery.cancel,
    M.warehouse.release,
    M.payment.refund,
    M.wallet.releaseHold,
  ];

  it('a refused payout (the escrow already settled) turns the order back; the refund is not paid twice', () => {
    const { run, wallet, participants } = sale();
    run.runWith({ ...participants, wallet: wallet.silentAt('payoutSeller', 'down') });
    wallet.refundByHand('hold-1'); // meanwhile an operator gave the buyer the money back
    run.fire(); // the payout is sent again, and refused
    run.runWith(participants);
    expect(run.state).toMatchObject({ status: 'COMPENSATED', failure: { code: 'WALLET.ESCROW_SETTLED' } });
    expect(run.sentTypes().slice(-undoAfterCapture.length)).toEqual(undoAfterCapture);
    expect(wallet.balanceOf('buyer')).toBe(5_000n);
    expect(wallet.proceeds.get('seller') ?? 0n).toBe(0n);
    expect(wallet.conserved()).toBe(true);
  });

  it('the refund names the captured hold and the capture it undoes; the hold release after it gives nothing back', () => {
    const { run, wallet, participants } = sale();
    run.runWith({ ...participants, wallet: wallet.silentAt('payoutSeller', 'down') });
    const capture = run.state.forwardCommandIds.captureFunds;
    run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'buyer called', now: 10 } });
    run.runWith({
      ...participants,
      wallet: (c, sent) => (sent.step === 'captureFunds' ? undefined : wallet.participant(c, sent)),
    });
    expect(run.outstanding).toEqual({
      type: M.wallet.refundEscrow,
      data: { holdId: 'hold-1', reference: 'order:o-1', forwardCommandId: capture },
    });
    run.runWith(participants);
    expect(run.state.status).toBe('COMPENSATED');
    expect(wallet.balanceOf('buyer')).toBe(5_000n);
    expect(wallet.held.get('buyer')).toBe(0n);
    expect(wallet.conserved()).toBe(true);
  });

  it('an operator compensating while the payout is in flight, made but unanswered: reversed, then refunded', () => {
    const { run, wallet, participants } = sale();
    run.runWith({ ...participants, wallet: wallet.silentAt('payoutSeller', 'lost') });
    expect(wallet.proceeds.get('seller')).toBe(1_900n);
    run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'seller unreachable', now: 10 } });
    run.runWith(participants);
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes().slice(-6)).toEqual([M.wallet.reverseEscrowRelease, ...undoAfterCapture]);
    expect(wallet.proceeds.get('seller')).toBe(0n);
    expect(wallet.fees).toBe(0n);
    expect(wallet.balanceOf('buyer')).toBe(5_000n);
    expect(wallet.conserved()).toBe(true);
  });

  it.each([
    ['never got the capture', 'down', 0n],
    ['captured, its answer lost', 'lost', PRICE],
  ] as const)(
    'an operator compensating while the capture is in flight (the wallet %s): every cent back, once',
    (_case, how, escrowed) => {
      const { run, wallet, participants } = sale();
      run.runWith({ ...participants, wallet: wallet.silentAt('captureFunds', how) });
      expect(wallet.escrow).toBe(escrowed);
      run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'capture stuck', now: 10 } });
      run.runWith(participants);
      expect(run.state.status).toBe('COMPENSATED');
      expect(run.sentTypes().slice(-undoAfterCapture.length)).toEqual(undoAfterCapture);
      expect(wallet.escrow).toBe(0n);
      expect(wallet.balanceOf('buyer')).toBe(5_000n);
      expect(wallet.held.get('buyer')).toBe(0n);
      expect(wallet.conserved()).toBe(true);
    },
  );
});

describe('Order saga: an order started on v1 finishes on v1', () => {
  it('after v2 is registered, a v1 order still ends at the capture, its money left in escrow', () => {
    const v1Only = new SagaRegistry().register(buildOrderSagaV1(policies));
    const wallet = new FakeWallet().deposit('buyer', 5_000n);
    const run = new SagaDriver(v1Only, { sagaId: 'o-old' });
    const { feeBps: _none, ...placedBeforePayouts } = order;
    run.start('Order', { ...placedBeforePayouts, orderId: 'o-old' });
    run.runWith({ wallet: wallet.silentAt('captureFunds', 'down'), ...agreeingParticipants() });
    v1Only.register(buildOrderSagaV2(policies)); // deployed while the capture is in flight
    run.fire(); // the capture is sent again …
    run.runWith({ wallet: wallet.participant, ...agreeingParticipants() }); // … and answered
    expect(run.state).toMatchObject({ status: 'COMPLETED', version: 1 });
    expect(run.sentTypes()).not.toContain(M.wallet.releaseEscrowToSeller);
    expect(wallet.escrow).toBe(PRICE);
    expect(view(run)).toMatchObject({ feeBps: null, fee: null, payout: null });
  });
});
