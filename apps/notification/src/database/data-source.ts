import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { ProcessedMessage } from '@app/outbox';
import { NotificationEntity } from '../notifications/infrastructure/notification.entity';
import { InitNotification1732300000100 } from './migrations/1732300000100-init-notification';

export function notificationDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('notification');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [NotificationEntity, ProcessedMessage],
    migrations: [InitNotification1732300000100],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

export default new DataSource(notificationDataSourceOptions());
