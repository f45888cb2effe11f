import type { DataSource } from 'typeorm';
import { createLogger } from '@app/observability';
import { ensureSchema } from './database';

/**
 * Entry point of each service's migration job (and of the `migrate` init container every replica runs
 * in Kubernetes): creates the service's schema unless it exists, runs pending migrations under a
 * PostgreSQL advisory lock (replicas starting together apply each migration once; the others wait,
 * then find nothing pending) and exits non-zero on failure.
 */
export async function runMigrations(service: string, dataSource: DataSource): Promise<void> {
  const logger = createLogger(`${service}-migrate`);
  const schema = 'schema' in dataSource.options ? dataSource.options.schema : undefined;
  try {
    await ensureSchema(dataSource.options);
    await dataSource.initialize();
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    const key = `gavel-migrate:${schema ?? service}`;
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      logger.info('migrations applied', { schema, count: applied.length, names: applied.map((m) => m.name) });
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      await lock.release();
    }
    await dataSource.destroy();
  } catch (e) {
    logger.error('migration failed', { error: (e as Error).message, stack: (e as Error).stack });
    process.exitCode = 1;
  }
}
