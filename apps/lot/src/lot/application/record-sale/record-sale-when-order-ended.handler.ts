import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/common';
import {
  Envelope,
  LotSaleFailed,
  OrderCancelledData,
  OrderCancelledSchema,
  OrderCompletedData,
  OrderCompletedSchema,
  OrderEventTypes,
  Topics,
} from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { appendToOutbox } from '@app/outbox';
import { decideSale, OrderOutcome, SaleState } from '../../domain/sale';
import { findLot, settleSale } from '../../infrastructure/lot.repository';
import { LotRow } from '../../infrastructure/lot.rows';
import { secondChanceWindowMs } from '../../infrastructure/second-chance.config';
import { dbNow, settleSecondChance } from '../../infrastructure/second-chance.repository';
import { fallbackOf } from '../../domain/second-chance';
import { fallBack, FailedSaleStep, followFailedSale, secondChanceEnded } from '../second-chance/failed-sale';

/** A plain order (no lot) is no sale of this service's: skipped before the inbox and the transaction. */
const namesALot = ({ data }: Envelope<string, { lotId?: string }>): boolean => Boolean(data.lotId);

const saleState = (lot: LotRow): SaleState => ({
  outcome: lot.outcome,
  sellerId: lot.seller_id,
  winnerId: lot.outcome === 'SOLD' ? lot.leader_id : null,
  saleStatus: lot.sale_status,
  secondChance:
    lot.second_chance_status && lot.second_chance_bidder_id
      ? { status: lot.second_chance_status, bidderId: lot.second_chance_bidder_id }
      : null,
});

/**
 * order.events → the sale of a SOLD lot. OrderCompleted records COMPLETED; OrderCancelled records FAILED
 * with the order's code and reason, then follows the seller's choice (a second chance for the runner-up,
 * a relist or a close: `followFailedSale`) and publishes LotSaleFailed saying which, in the consumer's
 * transaction (inbox row + lot rows + outbox rows). The runner-up's order, after they accepted, ends the
 * second chance the same way: COMPLETED sells them the lot, FAILED relists or closes it (SecondChanceEnded).
 * GAVEL_SECOND_CHANCE_WINDOW is read when the handler is built (a malformed one stops the service). An order naming no lot (a plain order, or one
 * published before `lotId` existed) is not a sale of this service's: the consumer skips it (`concerns`). A repeated outcome changes nothing;
 * one that cannot be this lot's sale is thrown as a DomainError, which the consumer dead-letters.
 */
@Injectable()
export class RecordSaleWhenOrderEndedHandler {
  private readonly logger = new Logger(RecordSaleWhenOrderEndedHandler.name);
  private readonly windowMs = secondChanceWindowMs();

  handlers(): Record<string, MessageHandler<never>> {
    const completed: MessageHandler<OrderCompletedData> = {
      schema: OrderCompletedSchema,
      concerns: namesALot,
      handle: (manager, { data }: Envelope<string, OrderCompletedData>) =>
        this.record(manager, data.lotId, data.amount, {
          kind: 'completed',
          orderId: data.orderId,
          buyerId: data.buyerId,
          sellerId: data.sellerId,
        }),
    };
    const cancelled: MessageHandler<OrderCancelledData> = {
      schema: OrderCancelledSchema,
      concerns: namesALot,
      handle: (manager, { data }: Envelope<string, OrderCancelledData>) =>
        this.record(manager, data.lotId, data.amount, {
          kind: 'failed',
          orderId: data.orderId,
          buyerId: data.buyerId,
          sellerId: data.sellerId,
          code: data.code,
          reason: data.reason,
        }),
    };
    return { [OrderEventTypes.completed]: completed, [OrderEventTypes.cancelled]: cancelled } as Record<
      string,
      MessageHandler<never>
    >;
  }

  private async record(
    manager: EntityManager,
    lotId: string | undefined,
    amount: string,
    order: OrderOutcome,
  ): Promise<void> {
    if (!lotId) return;
    const lot = await findLot(manager, lotId, true);
    const decision = decideSale(lot && saleState(lot), order);
    switch (decision.kind) {
      case 'ignored':
        this.logger.log({
          message: 'order outcome ignored',
          lotId,
          orderId: order.orderId,
          reason: decision.reason,
        });
        return;
      case 'rejected':
        throw new DomainError(decision.code, decision.reason, 'conflict');
      case 'settle': {
        // decideSale rejects an unknown lot, so `lot` is set here.
        const row = lot!;
        const at = await settleSale(manager, row.id, order.orderId, decision);
        this.logger.log({ message: 'sale settled', lotId, orderId: order.orderId, status: decision.status });
        if (decision.status !== 'FAILED') return;
        const next = await followFailedSale(manager, { ...row, sale_status: 'FAILED' }, at, this.windowMs);
        this.logger.log({ message: 'failed sale followed', lotId, next: next.next });
        // The winner is the order's buyer (decideSale checked they agree).
        const failed = saleFailed(row, order, row.current_price ?? amount, decision, at, next);
        await appendToOutbox(manager, [failed, ...next.messages]);
        return;
      }
      case 'settleSecondChance': {
        const at = await dbNow(manager);
        const row = await settleSecondChance(manager, lotId, order.orderId, decision, at);
        this.logger.log({
          message: 'second chance settled',
          lotId,
          orderId: order.orderId,
          status: decision.status,
        });
        if (decision.status === 'COMPLETED') {
          await appendToOutbox(manager, [
            secondChanceEnded(row, 'COMPLETED', at, { orderId: order.orderId }),
          ]);
          return;
        }
        const next = await fallBack(manager, row, fallbackOf(row.on_failed_sale), at);
        const failure = { orderId: order.orderId, code: decision.code, reason: decision.reason };
        await appendToOutbox(manager, [
          secondChanceEnded(next.row, 'FAILED', at, { ...failure, ...next }),
          ...next.messages,
        ]);
        return;
      }
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown sale decision ${String(unreachable)}`);
      }
    }
  }
}

function saleFailed(
  lot: LotRow,
  order: OrderOutcome,
  amount: string,
  failure: { code: string; reason: string },
  at: Date,
  next: FailedSaleStep,
) {
  const event: LotSaleFailed = {
    type: 'LotSaleFailed',
    data: {
      lotId: lot.id,
      orderId: order.orderId,
      sellerId: lot.seller_id,
      winnerId: order.buyerId,
      title: lot.title,
      amount,
      code: failure.code,
      reason: failure.reason,
      failedAt: at.toISOString(),
      next: next.next,
      ...(next.relistedAsLotId ? { relistedAsLotId: next.relistedAsLotId } : {}),
    },
  };
  return { topic: Topics.lotEvents, key: lot.id, ...event };
}
