import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SagaErrors } from '../domain/saga.errors';
import { isUniqueViolation } from '../infrastructure/saga-event.store';
import { SagaRunner } from '../infrastructure/saga.runner';
import { ORDER_SAGA, OrderData } from './order.saga';
import { PlaceOrderCommand, PlaceOrderResult } from './place-order.command';

const MAX_ATTEMPTS = 3;

/**
 * Starts an Order saga whose id is the orderId, in one transaction (events, first command in the
 * outbox, timer, projection). Idempotent: the same order again returns the existing saga. Two
 * concurrent starts race on saga_events (saga_id, 1); the loser retries and finds the winner's saga.
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, PlaceOrderResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlaceOrderResult> {
    if (command.buyerId === command.sellerId) throw SagaErrors.buyerIsSeller();
    const data: OrderData = {
      orderId: command.orderId,
      buyerId: command.buyerId,
      sellerId: command.sellerId,
      sku: command.sku,
      quantity: command.quantity,
      amount: String(command.amount),
      address: { ...command.address },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) => this.start(m, data, command.correlationId));
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async start(
    manager: DataSource['manager'],
    data: OrderData,
    correlationId: string,
  ): Promise<PlaceOrderResult> {
    const start = {
      sagaId: data.orderId,
      sagaType: ORDER_SAGA,
      data,
      correlationId,
      now: Date.now(),
      actor: 'http' as const,
    };
    const outcome = await this.runner.startOnce(manager, start);
    switch (outcome.kind) {
      case 'existing':
        if (!outcome.same) throw SagaErrors.orderConflict(data.orderId);
        return { sagaId: data.orderId, status: outcome.state.status, created: false };
      case 'refused':
        throw SagaErrors.refused(outcome.code, outcome.reason);
      case 'started':
        return { sagaId: data.orderId, status: outcome.state.status, created: true };
    }
  }
}
