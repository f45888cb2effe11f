import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PaymentErrors } from '../../domain/payment.errors';
import { PaymentEntity } from '../../infrastructure/payment.entity';
import { PaymentView, toPaymentView } from './payment.view';

@Controller('payments')
export class GetPaymentHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /** 404 PAYMENT.NOT_FOUND for an unknown id; 400 for an id that is not a UUID. */
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PaymentView> {
    const payment = await this.dataSource.getRepository(PaymentEntity).findOneBy({ id });
    if (!payment) throw PaymentErrors.notFound(id);
    return toPaymentView(payment);
  }
}
