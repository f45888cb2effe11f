import type { DataSourceOptions } from 'typeorm';
import { databaseConfig } from './config';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * TypeORM options for a service's own database (see `databaseConfig`): its entities and migrations,
 * never `synchronize`; migrations run by the migration job, or on start when GAVEL_MIGRATIONS_RUN allows.
 */
export function postgresOptions(
  service: string,
  parts: {
    entities: PostgresOptions['entities'];
    migrations: PostgresOptions['migrations'];
    defaultDatabase?: string;
  },
): DataSourceOptions {
  const db = databaseConfig(service, parts.defaultDatabase);
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}
