/**
 * Every saga type the orchestrator runs: the engine's registry (definitions by type and version) and,
 * per type, the domain events its outcome publishes and where its alerts go.
 */
import { Message, Topics } from '@app/contracts';
import { isTerminal, RaiseAlert, SagaRegistry, SagaState } from '@app/saga';
import { ORDER_EVENTS_TOPIC, orderAlertEvent, orderOutcomeEvents } from './order/order-outcome.events';
import { buildOrderSagaV1, buildOrderSagaV2, buildOrderSagaV3, ORDER_SAGA } from './order/order.saga';
import { buildAuctionHoldReleaseSagaV1 } from './auction-order/auction-hold-release.saga';
import {
  AUCTION_ORDER_SAGA,
  buildAuctionOrderSagaV1,
  buildAuctionOrderSagaV2,
} from './auction-order/auction-order.saga';
import { BidData, buildPlaceBidSagaV1, PLACE_BID_SAGA } from './bid/place-bid.saga';
import {
  buildSecondChanceOrderSagaV1,
  SECOND_CHANCE_ORDER_SAGA,
} from './second-chance/second-chance-order.saga';
import { BID_ALLOWANCE_SAGA, buildBidAllowanceSagaV1 } from './allowance/allowance.saga';
import { buildWithdrawalSagaV1 } from './withdrawal/withdrawal.saga';

const bidAccepted = (state: SagaState): boolean =>
  Boolean((state.data as Partial<BidData> | undefined)?.acceptedAmount);

export const SAGA_CATALOG = Symbol('SAGA_CATALOG');
export const SAGA_ALERTS_TOPIC = Topics.sagaAlerts;

export interface SagaTypeHooks {
  /** Topic of the domain events and alerts of this saga type (key = sagaId). */
  readonly eventsTopic: string;
  outcome(before: SagaState, after: SagaState): Message[];
  alert(state: SagaState, alert: RaiseAlert): Message;
  /**
   * Whether a reader long-polling this saga's view may be waiting for this change (it is announced with
   * NOTIFY). Only such changes are: a NOTIFY serialises the commits of the transactions that send one.
   */
  settles(before: SagaState, after: SagaState): boolean;
}

/** Readers wait for the end (the views read PENDING until then). */
const sagaEnded = (before: SagaState, after: SagaState): boolean =>
  before.status !== after.status && isTerminal(after.status);

export interface SagaCatalog {
  readonly registry: SagaRegistry;
  hooks(sagaType: string): SagaTypeHooks;
}

const defaultHooks: SagaTypeHooks = {
  eventsTopic: SAGA_ALERTS_TOPIC,
  outcome: () => [],
  settles: sagaEnded,
  alert: (_state, alert) => ({
    type: 'SagaCompensationFailed',
    data: { sagaId: alert.sagaId, sagaType: alert.sagaType, step: alert.step, reason: alert.reason },
  }),
};

const orderHooks: SagaTypeHooks = {
  eventsTopic: ORDER_EVENTS_TOPIC,
  outcome: orderOutcomeEvents,
  alert: orderAlertEvent,
  settles: sagaEnded,
};

/**
 * A bid settles as ACCEPTED at the pivot (the lot recorded it), and as REJECTED when its saga turns
 * back (the hold is released after the bidder has the answer), before its saga ends.
 */
const bidHooks: SagaTypeHooks = {
  ...defaultHooks,
  settles: (before, after) =>
    sagaEnded(before, after) ||
    bidAccepted(before) !== bidAccepted(after) ||
    (before.status !== after.status && after.status === 'COMPENSATING'),
};

/** An allowance settles GRANTED when its saga completes, REFUSED as soon as it turns back. */
const allowanceHooks: SagaTypeHooks = {
  ...defaultHooks,
  settles: (before, after) =>
    sagaEnded(before, after) || (before.status !== after.status && after.status === 'COMPENSATING'),
};

/**
 * Built at boot, after the environment (timeouts, retry policies) is final. New sagas start on the latest
 * version of their type; a running saga is decided by the version it started on, so an older version
 * stays registered until no saga of it is live (Order and AuctionOrder v1: the orders started before
 * payouts, which finish with their money in escrow).
 */
export function buildSagaCatalog(): SagaCatalog {
  const registry = new SagaRegistry()
    .register(buildOrderSagaV1(), buildOrderSagaV2(), buildOrderSagaV3())
    .register(buildPlaceBidSagaV1())
    .register(buildAuctionOrderSagaV1(), buildAuctionOrderSagaV2())
    .register(buildSecondChanceOrderSagaV1())
    .register(buildAuctionHoldReleaseSagaV1())
    .register(buildBidAllowanceSagaV1())
    .register(buildWithdrawalSagaV1());
  // An auction order and a runner-up's second-chance order are orders: OrderCompleted / OrderCancelled on
  // order.events. PlaceBid and AuctionHoldRelease publish nothing of their own (the lot and the wallet publish
  // the facts); nor does Withdrawal (the wallet publishes WithdrawalSettled / WithdrawalFailed on wallet.events).
  const hooks = new Map<string, SagaTypeHooks>([
    [ORDER_SAGA, orderHooks],
    [AUCTION_ORDER_SAGA, orderHooks],
    [SECOND_CHANCE_ORDER_SAGA, orderHooks],
    [PLACE_BID_SAGA, bidHooks],
    [BID_ALLOWANCE_SAGA, allowanceHooks],
  ]);
  return { registry, hooks: (type) => hooks.get(type) ?? defaultHooks };
}
