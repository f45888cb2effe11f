import { randomUUID } from 'node:crypto';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CommandMetadata } from '@app/contracts';
import { ensureSchema, searchPathOption } from '@app/common';
import { ParticipantCommand } from '@app/messaging';
import { walletDataSourceOptions } from '../../apps/wallet/src/database/data-source';

/**
 * The wallet's data source on a schema of its own (created, and dropped by `dropSchema`), so a spec can
 * start from an empty database or from one migrated only part of the way.
 */
export async function walletSchema(
  schema: string,
  migrations?: NonNullable<Extract<DataSourceOptions, { type: 'postgres' }>['migrations']>,
): Promise<DataSource> {
  const base = walletDataSourceOptions() as Extract<DataSourceOptions, { type: 'postgres' }>;
  const options: DataSourceOptions = {
    ...base,
    schema,
    migrations: migrations ?? base.migrations,
    extra: { ...base.extra, max: 4, options: searchPathOption(schema) },
  };
  await ensureSchema(options);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export async function dropSchema(dataSource: DataSource, schema: string): Promise<void> {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
}

/** A saga command as the wallet's consumer hands it to a handler. */
export function command<T>(
  type: string,
  data: T,
  over: Partial<CommandMetadata> = {},
): ParticipantCommand<T> {
  return {
    type,
    data,
    metadata: {
      commandId: randomUUID(),
      sagaId: `saga-${randomUUID()}`,
      sagaType: 'Order',
      step: 'test',
      phase: 'forward',
      attempt: 1,
      ...over,
    },
    correlationId: randomUUID(),
  };
}
