import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { secondChanceOrderId, auctionOrderId } from '../auction-order/auction-saga-ids';
import {
  agreeingParticipants,
  ORDER_V2_COMMANDS,
  SPEC_ADDRESS,
  startedOrder,
} from '../order/order-participants.fixture';
import { orderOutcomeEvents } from '../order/order-outcome.events';
import { buildSagaCatalog } from '../saga-catalog';
import { specPolicies } from '../saga-policies.fixture';
import { buildSecondChanceOrderSagaV1, SecondChanceOrderData } from './second-chance-order.saga';

// orderStepDeadlineMs is ignored: the runner-up accepted, a slow participant only delays their order.
const policies = specPolicies({ orderStepDeadlineMs: 1_500 });
const registry = new SagaRegistry().register(buildSecondChanceOrderSagaV1(policies));

/** The runner-up's last bid, 1100, at 5 %: the seller gets 1045, the platform 55. */
const order: SecondChanceOrderData = {
  orderId: secondChanceOrderId('L1'),
  lotId: 'L1',
  buyerId: 'runner-up',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: '1100',
  address: SPEC_ADDRESS,
  feeBps: 500,
};

const secondChance = (deposit: bigint) => startedOrder(registry, 'SecondChanceOrder', order, deposit);

describe('SecondChanceOrder saga v1: the runner-up’s order', () => {
  it('has its own id per lot, apart from the winner’s order', () => {
    expect(secondChanceOrderId('L1')).toBe(order.orderId);
    expect(secondChanceOrderId('L1')).not.toBe(auctionOrderId('L1'));
    expect(secondChanceOrderId('L2')).not.toBe(order.orderId);
    expect(buildSagaCatalog().registry.versions('SecondChanceOrder')).toEqual([1]);
  });

  it('holds the runner-up’s funds afresh, then runs the Order steps to the seller’s payout', () => {
    const { run, wallet, participants } = secondChance(5_000n);
    run.runWith(participants);
    expect(run.state.status).toBe('COMPLETED');
    expect(run.sentTypes()).toEqual(ORDER_V2_COMMANDS);
    expect(wallet.proceeds.get('seller')).toBe(1_045n);
    expect(wallet.fees).toBe(55n);
    expect(wallet.balanceOf('runner-up')).toBe(3_900n);
    expect(wallet.conserved()).toBe(true);
    // The lot learns the outcome: the order's events name it.
    const [completed] = orderOutcomeEvents({ ...run.state, status: 'RUNNING' }, run.state);
    expect(completed).toMatchObject({
      type: 'OrderCompleted',
      data: { orderId: order.orderId, lotId: 'L1', buyerId: 'runner-up', amount: '1100' },
    });
  });

  it('funds that no longer cover the bid: the hold is refused and the order cancelled at once, with the code', () => {
    const { run, wallet, participants } = secondChance(1_000n);
    run.runWith(participants);
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes()).toEqual([M.wallet.placeHold]);
    expect(run.state.failure).toMatchObject({ code: 'WALLET.INSUFFICIENT_FUNDS' });
    expect(wallet.balanceOf('runner-up')).toBe(1_000n);
    expect(wallet.conserved()).toBe(true);
    const [cancelled] = orderOutcomeEvents({ ...run.state, status: 'COMPENSATING' }, run.state);
    expect(cancelled).toMatchObject({
      type: 'OrderCancelled',
      data: { lotId: 'L1', buyerId: 'runner-up', code: 'WALLET.INSUFFICIENT_FUNDS' },
    });
  });

  it('a refusal later gives every cent back and keeps the lot in its data', () => {
    const { run, wallet } = secondChance(5_000n);
    run.runWith({
      wallet: wallet.participant,
      ...agreeingParticipants({ command: M.delivery.book, code: 'DELIVERY.UNDELIVERABLE_ADDRESS' }),
    });
    expect(run.state.status).toBe('COMPENSATED');
    expect((run.state.data as SecondChanceOrderData).lotId).toBe('L1');
    expect(wallet.balanceOf('runner-up')).toBe(5_000n);
    expect(wallet.held.get('runner-up') ?? 0n).toBe(0n);
    expect(wallet.conserved()).toBe(true);
  });
});
