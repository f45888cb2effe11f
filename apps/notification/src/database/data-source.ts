import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OutboxRow, ProcessedMessage } from '@app/outbox';
import { NotificationEntity } from '../notifications/infrastructure/notification.entity';
import { InitNotification1732300000100 } from './migrations/1732300000100-init-notification';
import { NotificationOutboxAdmins1732300000300 } from './migrations/1732300000300-notification-outbox-admins';

export function notificationDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('notification');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [NotificationEntity, OutboxRow, ProcessedMessage],
    migrations: [InitNotification1732300000100, NotificationOutboxAdmins1732300000300],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

export default new DataSource(notificationDataSourceOptions());
