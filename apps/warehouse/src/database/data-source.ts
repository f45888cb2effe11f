import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { ItemEntity } from '../stock/infrastructure/item.entity';
import { ReservationEntity } from '../stock/infrastructure/reservation.entity';
import { InitWarehouse1732400000000 } from './migrations/1732400000000-init-warehouse';

export function warehouseDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('warehouse');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [ItemEntity, ReservationEntity, ...OUTBOX_ENTITIES],
    migrations: [InitWarehouse1732400000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(warehouseDataSourceOptions());
