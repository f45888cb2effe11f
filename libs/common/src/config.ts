/** Configuration from the environment, with defaults that match `scripts/stack.sh` (see README). */
export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  /** The service's schema: its tables live there, and its connections' search_path is just this schema. */
  schema: string;
  poolSize: number;
}

/** Connection settings for node-postgres (`new Client(...)`, `new Pool(...)`), search_path included. */
export interface PgConnectionConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  options: string;
}

function env(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function intEnv(name: string, fallback: number): number {
  const raw = env(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** The database every service shares by default (one schema per service). */
export const SHARED_DATABASE = 'gavel';

/** Lower-case SQL identifiers only: they need no quoting in a search_path or in a startup option. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `GAVEL_TELEGRAM_ALERTER` for `telegram-alerter`. */
function envPrefix(service: string): string {
  return `GAVEL_${service.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * A service's database settings. `GAVEL_<SERVICE>_DB` names the database (default `gavel`, shared),
 * `GAVEL_<SERVICE>_DB_SCHEMA` its schema (default the service name with `-` → `_`, unless
 * `defaults.schema` says otherwise), `GAVEL_<SERVICE>_DB_USER` / `_DB_PASSWORD` its role (default the
 * shared GAVEL_PG_USER / GAVEL_PG_PASSWORD).
 */
export function databaseConfig(
  service: string,
  defaults: { database?: string; schema?: string } = {},
): DatabaseConfig {
  const prefix = envPrefix(service);
  const schemaVar = `${prefix}_DB_SCHEMA`;
  const schema = env(schemaVar, defaults.schema ?? service.replace(/-/g, '_'));
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`${schemaVar} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got "${schema}"`);
  }
  return {
    host: env('GAVEL_PG_HOST', '127.0.0.1'),
    port: intEnv('GAVEL_PG_PORT', 55432),
    username: env(`${prefix}_DB_USER`, env('GAVEL_PG_USER', 'gavel')),
    password: env(`${prefix}_DB_PASSWORD`, env('GAVEL_PG_PASSWORD', 'gavel')),
    database: env(`${prefix}_DB`, defaults.database ?? SHARED_DATABASE),
    schema,
    poolSize: intEnv('GAVEL_PG_POOL', 10),
  };
}

/** The libpq startup option that makes `schema` the connection's whole search_path. */
export function searchPathOption(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a lower-case SQL identifier: "${schema}"`);
  return `-c search_path=${schema}`;
}

/** node-postgres settings for a service's database, its schema as the search_path. */
export function pgConnectionConfig(
  service: string,
  defaults?: { database?: string; schema?: string },
): PgConnectionConfig {
  const c = databaseConfig(service, defaults);
  return {
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    database: c.database,
    options: searchPathOption(c.schema),
  };
}

/** `database` as a replication-slot-safe identifier (lower case, `[a-z0-9_]`). */
function databaseId(database: string): string {
  return database.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The Debezium outbox connector of a database (one per database, streaming the outbox of every schema
 * in it): `gavel-outbox` for the shared `gavel` database, else `gavel-<database>-outbox`. Its replication
 * slot is `<database>_outbox` (see infra/debezium/README.md; the Helm chart uses the same names).
 */
export function outboxConnector(database: string): { name: string; slot: string } {
  const id = databaseId(database);
  return {
    name: id === SHARED_DATABASE ? 'gavel-outbox' : `gavel-${id.replace(/_/g, '-')}-outbox`,
    slot: `${id}_outbox`,
  };
}

export function kafkaBrokers(): string[] {
  return env('GAVEL_KAFKA_BROKERS', `127.0.0.1:${env('GAVEL_KAFKA_PORT', '19092')}`).split(',');
}

export function httpPort(service: string, fallback: number): number {
  return intEnv(`GAVEL_${service.toUpperCase().replace(/-/g, '_')}_PORT`, fallback);
}
