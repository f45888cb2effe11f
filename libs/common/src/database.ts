import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type EntityManager, QueryFailedError } from 'typeorm';
import { databaseConfig, searchPathOption } from './config';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * TypeORM options for a service's own schema (see `databaseConfig`): its entities and migrations,
 * never `synchronize`; migrations run by the migration job, or on start when GAVEL_MIGRATIONS_RUN allows.
 * Every connection's search_path is the schema alone (a startup option), so the raw SQL of migrations
 * and repositories (unqualified table names) reads and writes the service's own tables; TypeORM's
 * `schema` qualifies what it generates itself (entities, the `migrations` table).
 */
export function postgresOptions(
  service: string,
  parts: {
    entities: PostgresOptions['entities'];
    migrations: PostgresOptions['migrations'];
    defaultDatabase?: string;
    defaultSchema?: string;
  },
): DataSourceOptions {
  const db = databaseConfig(service, { database: parts.defaultDatabase, schema: parts.defaultSchema });
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    schema: db.schema,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize, options: searchPathOption(db.schema) },
  };
}

/** `"name"`: a quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the data source's schema unless it exists, on a connection of its own, before TypeORM
 * connects (the `migrations` table and the migrations' tables go there). Idempotent: the CREATE runs
 * only when pg_namespace has no such schema (a role without CREATE on the database then works with a
 * schema provisioned for it), and a concurrent creator winning the race is not an error.
 */
export async function ensureSchema(options: DataSourceOptions): Promise<void> {
  if (options.type !== 'postgres' || !options.schema) return;
  const password = typeof options.password === 'function' ? await options.password() : options.password;
  const client = new Client({
    host: options.host,
    port: options.port,
    user: options.username,
    password,
    database: options.database,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`)
        .catch((e: unknown) => {
          // 42P06 duplicate_schema, 23505 unique_violation: another process created it meanwhile
          const code = (e as { code?: string }).code;
          if (code !== '42P06' && code !== '23505') throw e;
        });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `dataSourceFactory` of a service's `TypeOrmModule.forRootAsync`: ensures the schema exists (so that
 * `migrationsRun` can create the `migrations` table in it), then hands Nest the data source to initialize.
 */
export async function createServiceDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('createServiceDataSource needs the data source options');
  await ensureSchema(options);
  return new DataSource(options);
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
}

/**
 * Runs one of the hot path's fixed statements as a named prepared statement on the manager's
 * connection (its transaction's, if any). TypeORM sends every query unnamed, so PostgreSQL parses and
 * plans it on every call; a named one is parsed once per connection, and after five executions
 * PostgreSQL may keep a generic plan. For the wallet's ledger statement that halved the cost of a
 * transaction (pgbench, one client: 0.76 → 0.41–0.46 ms). A name must always come with the same text
 * (node-postgres refuses a name reused with another text). Errors are TypeORM's QueryFailedError, as
 * from `manager.query`.
 */
export async function preparedQuery<R = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<{ rows: R[]; rowCount: number }> {
  const own = manager.queryRunner ? undefined : manager.connection.createQueryRunner();
  const runner = manager.queryRunner ?? own!;
  try {
    const client = (await runner.connect()) as PgClient;
    const result = await client.query({ name, text, values }).catch((e: Error) => {
      throw new QueryFailedError(text, values, e);
    });
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  } finally {
    await own?.release();
  }
}
