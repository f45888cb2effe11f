import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { platformFeeBps } from '@app/common';
import { Envelope, SecondChanceAcceptedData, SecondChanceAcceptedSchema } from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { SagaRunner } from '../infrastructure/saga.runner';
import { secondChanceOrderId } from '../auction-order/auction-saga-ids';
import { SECOND_CHANCE_ORDER_SAGA, SecondChanceOrderData } from './second-chance-order.saga';

/**
 * lot.events SecondChanceAccepted → the runner-up's SecondChanceOrder saga at the offered amount (its id
 * derived from the lot id, so a redelivery never starts a second one), in the consumer's transaction
 * (inbox row + saga events + the placeHold command in the outbox). Its OrderCompleted / OrderCancelled carry
 * the lotId, so the lot learns how the second chance ended. The fee rate of the moment is stated in the order.
 */
@Injectable()
export class StartSecondChanceOrderWhenAcceptedHandler implements MessageHandler<SecondChanceAcceptedData> {
  private readonly logger = new Logger(StartSecondChanceOrderWhenAcceptedHandler.name);
  readonly schema = SecondChanceAcceptedSchema;
  private readonly feeBps = platformFeeBps();

  constructor(private readonly runner: SagaRunner) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SecondChanceAcceptedData>,
  ): Promise<void> {
    const orderId = secondChanceOrderId(data.lotId);
    const order: SecondChanceOrderData = {
      orderId,
      lotId: data.lotId,
      buyerId: data.bidderId,
      sellerId: data.sellerId,
      sku: data.sku,
      quantity: 1,
      amount: data.amount,
      address: { ...data.address },
      feeBps: this.feeBps,
    };
    const outcome = await this.runner.startOnce(manager, {
      sagaId: orderId,
      sagaType: SECOND_CHANCE_ORDER_SAGA,
      data: order,
      correlationId: metadata.correlationId,
      now: Date.now(),
      actor: 'reply',
    });
    if (outcome.kind === 'existing')
      this.logger.log({ message: 'second-chance order already started', sagaId: orderId, lotId: data.lotId });
    if (outcome.kind === 'refused')
      this.logger.warn({ message: 'second-chance order start ignored', sagaId: orderId, code: outcome.code });
  }
}
