/**
 * Every saga type the orchestrator runs: the engine's registry (definitions by type and version) and,
 * per type, the domain events its outcome publishes and where its alerts go.
 */
import type { Message } from '@app/contracts';
import { RaiseAlert, SagaRegistry, SagaState } from '@app/saga';
import { ORDER_EVENTS_TOPIC, orderAlertEvent, orderOutcomeEvents } from './order/order-outcome.events';
import { buildOrderSagaV1, ORDER_SAGA } from './order/order.saga';
import { buildAuctionHoldReleaseSagaV1 } from './auction-order/auction-hold-release.saga';
import { AUCTION_ORDER_SAGA, buildAuctionOrderSagaV1 } from './auction-order/auction-order.saga';
import { buildPlaceBidSagaV1 } from './bid/place-bid.saga';

export const SAGA_CATALOG = Symbol('SAGA_CATALOG');
export const SAGA_ALERTS_TOPIC = 'saga.alerts';

export interface SagaTypeHooks {
  /** Topic of the domain events and alerts of this saga type (key = sagaId). */
  readonly eventsTopic: string;
  outcome(before: SagaState, after: SagaState): Message[];
  alert(state: SagaState, alert: RaiseAlert): Message;
}

export interface SagaCatalog {
  readonly registry: SagaRegistry;
  hooks(sagaType: string): SagaTypeHooks;
}

const defaultHooks: SagaTypeHooks = {
  eventsTopic: SAGA_ALERTS_TOPIC,
  outcome: () => [],
  alert: (_state, alert) => ({
    type: 'SagaCompensationFailed',
    data: { sagaId: alert.sagaId, sagaType: alert.sagaType, step: alert.step, reason: alert.reason },
  }),
};

const orderHooks: SagaTypeHooks = {
  eventsTopic: ORDER_EVENTS_TOPIC,
  outcome: orderOutcomeEvents,
  alert: orderAlertEvent,
};

/** Built at boot, after the environment (timeouts, retry policies) is final. */
export function buildSagaCatalog(): SagaCatalog {
  const registry = new SagaRegistry()
    .register(buildOrderSagaV1())
    .register(buildPlaceBidSagaV1())
    .register(buildAuctionOrderSagaV1())
    .register(buildAuctionHoldReleaseSagaV1());
  // An auction order is an order: OrderCompleted / OrderCancelled on order.events. PlaceBid and
  // AuctionHoldRelease publish nothing of their own (the lot and the wallet publish the facts).
  const hooks = new Map<string, SagaTypeHooks>([
    [ORDER_SAGA, orderHooks],
    [AUCTION_ORDER_SAGA, orderHooks],
  ]);
  return { registry, hooks: (type) => hooks.get(type) ?? defaultHooks };
}
