/** Configuration from the environment, with defaults that match `scripts/stack.sh` (see README). */
export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  poolSize: number;
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

/** `GAVEL_<SERVICE>_DB` names the database; its default is `<service>_db` unless `defaultDatabase` is given. */
export function databaseConfig(service: string, defaultDatabase?: string): DatabaseConfig {
  return {
    host: env('GAVEL_PG_HOST', '127.0.0.1'),
    port: intEnv('GAVEL_PG_PORT', 55432),
    username: env('GAVEL_PG_USER', 'gavel'),
    password: env('GAVEL_PG_PASSWORD', 'gavel'),
    database: env(
      `GAVEL_${service.toUpperCase().replace(/-/g, '_')}_DB`,
      defaultDatabase ?? `${service.replace(/-/g, '_')}_db`,
    ),
    poolSize: intEnv('GAVEL_PG_POOL', 10),
  };
}

export function kafkaBrokers(): string[] {
  return env('GAVEL_KAFKA_BROKERS', `127.0.0.1:${env('GAVEL_KAFKA_PORT', '19092')}`).split(',');
}

export function httpPort(service: string, fallback: number): number {
  return intEnv(`GAVEL_${service.toUpperCase().replace(/-/g, '_')}_PORT`, fallback);
}
