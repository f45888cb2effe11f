import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { buildSagaCatalog } from '../saga-catalog';
import { specPolicies } from '../saga-policies.fixture';
import { ORDER_V3_COMMANDS, SPEC_ADDRESS, startedOrder } from './order-participants.fixture';
import { buildOrderSagaV2, buildOrderSagaV3, OrderData } from './order.saga';

const policies = specPolicies();
const registry = new SagaRegistry().register(buildOrderSagaV2(policies), buildOrderSagaV3(policies));

const PRICE = 1_999n;
const order: OrderData = {
  orderId: 'o-3',
  buyerId: 'buyer',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: PRICE.toString(),
  address: SPEC_ADDRESS,
  feeBps: 500,
};

const sale = (deposit = 5_000n) => startedOrder(registry, 'Order', order, deposit);

/** What turns an order back after its delivery was booked, in reverse (the hold's release last). */
const undoBeforeSettle = [M.delivery.cancel, M.warehouse.release, M.payment.refund, M.wallet.releaseHold];

describe('Order saga v3: capture and payout as one settlement', () => {
  it('starts new orders on v3, the latest version in the catalog', () => {
    expect(sale().run.state.version).toBe(3);
    const catalog = buildSagaCatalog().registry;
    expect(catalog.versions('Order')).toEqual([1, 2, 3]);
  });

  it('a full sale settles in one wallet command: the seller gets the price minus the fee, nothing stays in escrow', () => {
    const { run, wallet, participants } = sale();
    run.runWith(participants);
    expect(run.state.status).toBe('COMPLETED');
    expect(run.sentTypes()).toEqual(ORDER_V3_COMMANDS);
    expect(wallet.proceeds.get('seller')).toBe(1_900n);
    expect(wallet.fees).toBe(99n);
    expect(wallet.escrow).toBe(0n);
    expect(wallet.balanceOf('buyer')).toBe(5_000n - PRICE);
    expect(wallet.conserved()).toBe(true);
    expect(run.state.data).toMatchObject({ feeBps: 500, fee: '99', payout: '1900' });
  });

  it('the settlement names the hold, the seller, the reference and the fee rate the order states', () => {
    const { run, wallet, participants } = sale();
    run.runWith({ ...participants, wallet: wallet.silentAt('settle', 'down') });
    expect(run.outstanding).toEqual({
      type: M.wallet.settleOrder,
      data: { holdId: 'hold-1', sellerId: 'seller', reference: 'order:o-3', feeBps: 500 },
    });
  });

  it('a refused settlement (the hold no longer active) turns the order back; nothing was captured', () => {
    const { run, wallet, participants } = sale();
    run.runWith({
      ...participants,
      wallet: (command, sent) =>
        command.type === M.wallet.settleOrder
          ? {
              type: M.wallet.orderNotSettled,
              outcome: 'failure',
              code: 'WALLET.HOLD_NOT_ACTIVE',
              reason: 'gone',
            }
          : wallet.participant(command, sent),
    });
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.state.failure).toMatchObject({ code: 'WALLET.HOLD_NOT_ACTIVE' });
    expect(run.sentTypes().slice(-undoBeforeSettle.length)).toEqual(undoBeforeSettle);
    expect(wallet.balanceOf('buyer')).toBe(5_000n);
    expect(wallet.held.get('buyer')).toBe(0n);
    expect(wallet.conserved()).toBe(true);
  });

  it.each([
    ['never got the settlement', 'down', 0n],
    ['settled, its answer lost', 'lost', 1_900n],
  ] as const)(
    'an operator compensating while the settlement is in flight (the wallet %s): undone whole, every cent back once',
    (_case, how, paidBeforeUndo) => {
      const { run, wallet, participants } = sale();
      run.runWith({ ...participants, wallet: wallet.silentAt('settle', how) });
      expect(wallet.proceeds.get('seller') ?? 0n).toBe(paidBeforeUndo);
      run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'settlement stuck', now: 10 } });
      run.runWith(participants);
      expect(run.state.status).toBe('COMPENSATED');
      expect(run.sentTypes().slice(-5)).toEqual([M.wallet.reverseSettlement, ...undoBeforeSettle]);
      expect(wallet.proceeds.get('seller') ?? 0n).toBe(0n);
      expect(wallet.fees).toBe(0n);
      expect(wallet.escrow).toBe(0n);
      expect(wallet.balanceOf('buyer')).toBe(5_000n);
      expect(wallet.held.get('buyer')).toBe(0n);
      expect(wallet.conserved()).toBe(true);
    },
  );

  it('an order started on v2 finishes on v2 after v3 is registered', () => {
    const v2Only = new SagaRegistry().register(buildOrderSagaV2(policies));
    const { run, participants } = startedOrder(v2Only, 'Order', { ...order, orderId: 'o-2' }, 5_000n);
    v2Only.register(buildOrderSagaV3(policies));
    run.runWith(participants);
    expect(run.state).toMatchObject({ status: 'COMPLETED', version: 2 });
    expect(run.sentTypes()).toContain(M.wallet.releaseEscrowToSeller);
    expect(run.sentTypes()).not.toContain(M.wallet.settleOrder);
  });
});
