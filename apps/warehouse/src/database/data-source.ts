import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { ItemEntity } from '../stock/infrastructure/item.entity';
import { ReservationEntity } from '../stock/infrastructure/reservation.entity';
import { InitWarehouse1732400000000 } from './migrations/1732400000000-init-warehouse';

export function warehouseDataSourceOptions(): DataSourceOptions {
  return postgresOptions('warehouse', {
    entities: [ItemEntity, ReservationEntity, ...OUTBOX_ENTITIES],
    migrations: [InitWarehouse1732400000000],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(warehouseDataSourceOptions());
