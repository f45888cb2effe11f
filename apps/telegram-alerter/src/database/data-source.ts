import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { ProcessedMessage } from '@app/outbox';
import { InitTelegramAlerter1732700000000 } from './migrations/1732700000000-init-telegram-alerter';

export const SERVICE = 'telegram-alerter';
/** The database is `telegram_db` unless GAVEL_TELEGRAM_ALERTER_DB says otherwise. */
export const DEFAULT_DATABASE = 'telegram_db';

export function telegramDataSourceOptions(): DataSourceOptions {
  return postgresOptions(SERVICE, {
    entities: [ProcessedMessage],
    migrations: [InitTelegramAlerter1732700000000],
    defaultDatabase: DEFAULT_DATABASE,
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(telegramDataSourceOptions());
