import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { ProcessedMessage } from '@app/outbox';
import { InitTelegramAlerter1732700000000 } from './migrations/1732700000000-init-telegram-alerter';

export const SERVICE = 'telegram-alerter';
/** The schema is `telegram` unless GAVEL_TELEGRAM_ALERTER_DB_SCHEMA says otherwise. */
export const DEFAULT_SCHEMA = 'telegram';

export function telegramDataSourceOptions(): DataSourceOptions {
  return postgresOptions(SERVICE, {
    entities: [ProcessedMessage],
    migrations: [InitTelegramAlerter1732700000000],
    defaultSchema: DEFAULT_SCHEMA,
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(telegramDataSourceOptions());
