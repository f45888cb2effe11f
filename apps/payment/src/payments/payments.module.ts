import { Module } from '@nestjs/common';
import { ChargeHandler } from './application/charge/charge.handler';
import { GetPaymentHttpController } from './application/get-payment/get-payment.http.controller';
import { ListPaymentsHttpController } from './application/list-payments/list-payments.http.controller';
import { RefundHandler } from './application/refund/refund.handler';
import { PaymentCommandsConsumer } from './infrastructure/payment-commands.consumer';

const participantHandlers = [ChargeHandler, RefundHandler];

@Module({
  controllers: [ListPaymentsHttpController, GetPaymentHttpController],
  providers: [...participantHandlers, PaymentCommandsConsumer],
})
export class PaymentsModule {}
