import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PaymentEntity } from '../../infrastructure/payment.entity';
import { PaymentView, toPaymentView } from '../get-payment/payment.view';
import { ListPaymentsRequestDto } from './list-payments.request.dto';

@Controller('payments')
export class ListPaymentsHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /** GET /payments?orderId= (at most one item per order); without orderId, the newest payments. */
  @Get()
  async list(@Query() q: ListPaymentsRequestDto): Promise<{ items: PaymentView[] }> {
    const payments = await this.dataSource.getRepository(PaymentEntity).find({
      where: q.orderId ? { orderId: q.orderId } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: q.limit,
    });
    return { items: payments.map(toPaymentView) };
  }
}
