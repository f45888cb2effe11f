import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { ProcessedMessage } from '@app/outbox';
import { InitTelegramAlerter1732700000000 } from './migrations/1732700000000-init-telegram-alerter';

export const SERVICE = 'telegram-alerter';
/** The database is `telegram_db` unless GAVEL_TELEGRAM_ALERTER_DB says otherwise. */
export const DEFAULT_DATABASE = 'telegram_db';

export function telegramDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig(SERVICE);
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: process.env.GAVEL_TELEGRAM_ALERTER_DB || DEFAULT_DATABASE,
    entities: [ProcessedMessage],
    migrations: [InitTelegramAlerter1732700000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(telegramDataSourceOptions());
