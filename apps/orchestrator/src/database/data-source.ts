import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { InitOrchestrator1732300000300 } from './migrations/1732300000300-init-orchestrator';
import { SagaIncidents1732300000500 } from './migrations/1732300000500-saga-incidents';
import { SagasFillfactor1732300000600 } from './migrations/1732300000600-sagas-fillfactor';

/** The saga store is accessed with plain SQL (see sagas/infrastructure); only the outbox has entities. */
export function orchestratorDataSourceOptions(): DataSourceOptions {
  return postgresOptions('orchestrator', {
    entities: [...OUTBOX_ENTITIES],
    migrations: [InitOrchestrator1732300000300, SagaIncidents1732300000500, SagasFillfactor1732300000600],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(orchestratorDataSourceOptions());
