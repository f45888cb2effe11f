import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { PaymentEntity } from '../payments/infrastructure/payment.entity';
import { InitPayment1732300000300 } from './migrations/1732300000300-init-payment';

export function paymentDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('payment');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [PaymentEntity, ...OUTBOX_ENTITIES],
    migrations: [InitPayment1732300000300],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(paymentDataSourceOptions());
