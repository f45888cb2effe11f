import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { platformFeeBps } from '@app/common';
import { SagaErrors } from '../domain/saga.errors';
import { answerStart, httpStart } from '../infrastructure/saga-requests';
import { SagaStarter } from '../infrastructure/saga-starter';
import { ORDER_SAGA, OrderData } from './order.saga';
import { PlaceOrderCommand, PlaceOrderResult } from './place-order.command';

/**
 * Starts an Order saga whose id is the orderId (events, first command in the outbox, timer, projection),
 * in a transaction shared with the other starts of the moment (`SagaStarter`). Idempotent: the same
 * order again returns the existing saga. Two concurrent starts race on saga_events (saga_id, 1); the
 * loser retries and finds the winner's saga. The order states the platform's fee rate of the moment
 * (GAVEL_PLATFORM_FEE_BPS, read at boot): the seller is paid at that rate whenever the payout comes.
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, PlaceOrderResult> {
  private readonly feeBps = platformFeeBps();

  constructor(private readonly starter: SagaStarter) {}

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
      feeBps: this.feeBps,
    };
    const outcome = await this.starter.start(
      httpStart(ORDER_SAGA, data.orderId, data, command.correlationId),
    );
    return answerStart(data.orderId, outcome, SagaErrors.orderConflict);
  }
}
