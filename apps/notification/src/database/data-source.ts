import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OutboxRow, ProcessedMessage } from '@app/outbox';
import { NotificationEntity } from '../notifications/infrastructure/notification.entity';
import { InitNotification1732300000100 } from './migrations/1732300000100-init-notification';
import { NotificationOutboxAdmins1732300000300 } from './migrations/1732300000300-notification-outbox-admins';

export function notificationDataSourceOptions(): DataSourceOptions {
  return postgresOptions('notification', {
    entities: [NotificationEntity, OutboxRow, ProcessedMessage],
    migrations: [InitNotification1732300000100, NotificationOutboxAdmins1732300000300],
  });
}

export default new DataSource(notificationDataSourceOptions());
