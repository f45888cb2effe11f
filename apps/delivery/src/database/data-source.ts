import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { BookingEntity } from '../delivery/infrastructure/booking.entity';
import { SlotEntity } from '../delivery/infrastructure/slot.entity';
import { InitDelivery1732400000100 } from './migrations/1732400000100-init-delivery';

export function deliveryDataSourceOptions(): DataSourceOptions {
  return postgresOptions('delivery', {
    entities: [SlotEntity, BookingEntity, ...OUTBOX_ENTITIES],
    migrations: [InitDelivery1732400000100],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(deliveryDataSourceOptions());
