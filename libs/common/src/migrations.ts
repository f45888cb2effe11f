import type { DataSource } from 'typeorm';
import { createLogger } from '@app/observability';
import { ensureSchema } from './database';

/**
 * Entry point of each service's migration job: creates the service's schema unless it exists, runs
 * pending migrations and exits non-zero on failure.
 */
export async function runMigrations(service: string, dataSource: DataSource): Promise<void> {
  const logger = createLogger(`${service}-migrate`);
  try {
    await ensureSchema(dataSource.options);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.info('migrations applied', {
      schema: 'schema' in dataSource.options ? dataSource.options.schema : undefined,
      count: applied.length,
      names: applied.map((m) => m.name),
    });
    await dataSource.destroy();
  } catch (e) {
    logger.error('migration failed', { error: (e as Error).message, stack: (e as Error).stack });
    process.exitCode = 1;
  }
}
