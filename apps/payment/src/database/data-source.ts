import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { PaymentEntity } from '../payments/infrastructure/payment.entity';
import { InitPayment1732300000300 } from './migrations/1732300000300-init-payment';

export function paymentDataSourceOptions(): DataSourceOptions {
  return postgresOptions('payment', {
    entities: [PaymentEntity, ...OUTBOX_ENTITIES],
    migrations: [InitPayment1732300000300],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(paymentDataSourceOptions());
