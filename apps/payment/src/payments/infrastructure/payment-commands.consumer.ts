import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { OrderSagaMessages } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { ChargeHandler } from '../application/charge/charge.handler';
import { RefundHandler } from '../application/refund/refund.handler';

export const PAYMENT_PARTICIPANT = 'payment';

/** The payment service as a saga participant: consumes `payment.commands`, replies on `orchestrator.replies`. */
@Injectable()
export class PaymentCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly consumer: CommandConsumer;

  constructor(dataSource: DataSource, charge: ChargeHandler, refund: RefundHandler) {
    this.kafka = createKafka('payment-commands');
    this.consumer = new CommandConsumer(this.kafka, dataSource, {
      participant: PAYMENT_PARTICIPANT,
      handlers: {
        [OrderSagaMessages.payment.charge]: charge,
        [OrderSagaMessages.payment.refund]: refund,
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
