import { HttpException, Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import type { AuthUser } from '../../../auth/domain/user';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { callerOf } from '../../../shared/caller';
import { httpError } from '../../../shared/http-error';
import { longPoll } from '../../../shared/long-poll';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { asOrderView, isTerminal } from '../../domain/order';
import { orderIdFor } from '../../domain/order-id';
import { PlaceOrderCommand, PlaceOrderOutcome } from './place-order.command';

/**
 * Starts an Order saga at the orchestrator, then long-polls the order (`GET /orders/:id?waitMs=`,
 * answered as soon as it settles) until it settles or the wait (GAVEL_ORDER_WAIT_MS) runs out. A retry
 * with the same Idempotency-Key names the same order.
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, PlaceOrderOutcome> {
  constructor(
    private readonly upstream: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute({ buyer, order, idempotencyKey }: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const deadline = Date.now() + this.config.orderWaitMs;
    const orderId = orderIdFor(buyer.userId, idempotencyKey);
    await this.start(orderId, buyer, order, idempotencyKey !== undefined);
    // The start answer describes the saga, not the order: always read the order view.
    const view = await longPoll(
      (waitMs) => this.fetch(orderId, buyer, waitMs),
      isTerminal,
      deadline,
      this.config.orderPollMs,
    );
    return view && isTerminal(view) ? { settled: true, order: view } : { settled: false, orderId };
  }

  private async start(
    orderId: string,
    buyer: AuthUser,
    order: PlaceOrderCommand['order'],
    keyed: boolean,
  ): Promise<void> {
    await this.checkSeller(buyer, order);
    const body = { orderId, buyerId: buyer.userId, ...order };
    try {
      await this.upstream.call('orchestrator', {
        method: 'POST',
        path: '/orders',
        body,
        caller: callerOf(buyer),
      });
    } catch (e) {
      // A keyed retry of an order the orchestrator already has: carry on and report its progress.
      if (keyed && e instanceof HttpException && e.getStatus() === 409) return;
      throw e;
    }
  }

  /**
   * The seller named in the order must be the item's seller: the order's payout goes to `sellerId`, so a
   * buyer naming anyone else (themselves) would have the price paid to that account. An unknown item (404)
   * or a warehouse that cannot answer is left to the saga, whose reservation refuses or waits as before.
   */
  private async checkSeller(buyer: AuthUser, order: PlaceOrderCommand['order']): Promise<void> {
    let item: { sellerId?: string } | undefined;
    try {
      const res = await this.upstream.call<{ sellerId?: string }>('warehouse', {
        method: 'GET',
        path: `/items/${encodeURIComponent(order.sku)}`,
        caller: callerOf(buyer),
      });
      item = res.body;
    } catch {
      return;
    }
    if (item?.sellerId !== undefined && item.sellerId !== order.sellerId) {
      throw httpError(
        422,
        'ORDER.SELLER_MISMATCH',
        `Item ${order.sku} is sold by another seller than ${order.sellerId}`,
        { sku: order.sku, sellerId: order.sellerId },
      );
    }
  }

  /** The order once settled or at the deadline; undefined while the orchestrator cannot tell yet. */
  private async fetch(orderId: string, buyer: AuthUser, waitMs: number): Promise<OrderView | undefined> {
    try {
      const res = await this.upstream.call('orchestrator', {
        method: 'GET',
        path: `/orders/${encodeURIComponent(orderId)}`,
        waitMs,
        caller: callerOf(buyer),
      });
      return asOrderView(res.body);
    } catch {
      return undefined;
    }
  }
}
