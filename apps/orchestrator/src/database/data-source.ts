import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { InitOrchestrator1732300000300 } from './migrations/1732300000300-init-orchestrator';

/** The saga store is accessed with plain SQL (see sagas/infrastructure); only the outbox has entities. */
export function orchestratorDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('orchestrator');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [...OUTBOX_ENTITIES],
    migrations: [InitOrchestrator1732300000300],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(orchestratorDataSourceOptions());
