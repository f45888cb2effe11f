import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { BookingEntity } from '../delivery/infrastructure/booking.entity';
import { SlotEntity } from '../delivery/infrastructure/slot.entity';
import { InitDelivery1732400000100 } from './migrations/1732400000100-init-delivery';

export function deliveryDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('delivery');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [SlotEntity, BookingEntity, ...OUTBOX_ENTITIES],
    migrations: [InitDelivery1732400000100],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(deliveryDataSourceOptions());
