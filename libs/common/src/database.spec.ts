import { databaseConfig, outboxConnector, pgConnectionConfig, searchPathOption } from './config';
import { createServiceDataSource, ensureSchema, postgresOptions, quoteIdentifier } from './database';

const queries: { sql: string; params?: unknown[] }[] = [];
let existing: string[] = [];
let createError: { code: string } | undefined;

jest.mock('pg', () => ({
  Client: jest.fn().mockImplementation((config: Record<string, unknown>) => ({
    config,
    connect: jest.fn().mockResolvedValue(undefined),
    end: jest.fn().mockResolvedValue(undefined),
    query: jest.fn((sql: string, params?: unknown[]) => {
      queries.push({ sql, params });
      if (sql.startsWith('SELECT')) {
        const found = existing.includes(String(params?.[0]));
        return Promise.resolve({ rowCount: found ? 1 : 0, rows: found ? [{}] : [] });
      }
      return createError ? Promise.reject(createError) : Promise.resolve({ rowCount: 0, rows: [] });
    }),
  })),
}));

const VARS = [
  'GAVEL_PG_USER',
  'GAVEL_PG_PASSWORD',
  'GAVEL_WALLET_DB',
  'GAVEL_WALLET_DB_SCHEMA',
  'GAVEL_WALLET_DB_USER',
  'GAVEL_WALLET_DB_PASSWORD',
  'GAVEL_TELEGRAM_ALERTER_DB_SCHEMA',
];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));

beforeEach(() => {
  for (const v of VARS) delete process.env[v];
  queries.length = 0;
  existing = [];
  createError = undefined;
});
afterAll(() => {
  for (const [v, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[v];
    else process.env[v] = value;
  }
});

describe('databaseConfig', () => {
  it('puts every service in the shared database gavel, in a schema named after it', () => {
    expect(databaseConfig('wallet')).toMatchObject({
      database: 'gavel',
      schema: 'wallet',
      username: 'gavel',
    });
    expect(databaseConfig('telegram-alerter').schema).toBe('telegram_alerter');
    expect(databaseConfig('telegram-alerter', { schema: 'telegram' }).schema).toBe('telegram');
  });

  it('takes the database, schema and role of one service from GAVEL_<SERVICE>_DB*', () => {
    process.env.GAVEL_PG_USER = 'shared';
    process.env.GAVEL_PG_PASSWORD = 'sh-pw';
    expect(databaseConfig('wallet')).toMatchObject({ username: 'shared', password: 'sh-pw' });
    process.env.GAVEL_WALLET_DB = 'wallet_db';
    process.env.GAVEL_WALLET_DB_SCHEMA = 'public';
    process.env.GAVEL_WALLET_DB_USER = 'wallet';
    process.env.GAVEL_WALLET_DB_PASSWORD = 'wallet-secret';
    expect(databaseConfig('wallet')).toMatchObject({
      database: 'wallet_db',
      schema: 'public',
      username: 'wallet',
      password: 'wallet-secret',
    });
    process.env.GAVEL_TELEGRAM_ALERTER_DB_SCHEMA = 'alerts';
    expect(databaseConfig('telegram-alerter', { schema: 'telegram' }).schema).toBe('alerts');
  });

  it.each(['Wallet', 'wallet-x', '1wallet', 'wallet;drop', 'a b', `w${'x'.repeat(63)}`])(
    'refuses the schema "%s" (not a lower-case identifier)',
    (schema) => {
      process.env.GAVEL_WALLET_DB_SCHEMA = schema;
      expect(() => databaseConfig('wallet')).toThrow(
        /GAVEL_WALLET_DB_SCHEMA must be a lower-case SQL identifier/,
      );
    },
  );

  it('gives node-postgres the schema as the whole search_path', () => {
    expect(searchPathOption('wallet')).toBe('-c search_path=wallet');
    expect(() => searchPathOption('a,b')).toThrow();
    expect(pgConnectionConfig('lot')).toMatchObject({
      database: 'gavel',
      user: 'gavel',
      options: '-c search_path=lot',
    });
  });
});

describe('outboxConnector', () => {
  it('names one connector and slot per database', () => {
    expect(outboxConnector('gavel')).toEqual({ name: 'gavel-outbox', slot: 'gavel_outbox' });
    expect(outboxConnector('wallet_db')).toEqual({
      name: 'gavel-wallet-db-outbox',
      slot: 'wallet_db_outbox',
    });
    expect(outboxConnector('Shop-Prod')).toEqual({
      name: 'gavel-shop-prod-outbox',
      slot: 'shop_prod_outbox',
    });
  });
});

describe('postgresOptions', () => {
  it('sets TypeORM’s schema and the connections’ search_path to the service schema', () => {
    const options = postgresOptions('telegram-alerter', {
      entities: [],
      migrations: [],
      defaultSchema: 'telegram',
    });
    expect(options).toMatchObject({
      type: 'postgres',
      database: 'gavel',
      schema: 'telegram',
      migrationsTableName: 'migrations',
      synchronize: false,
      extra: expect.objectContaining({ options: '-c search_path=telegram' }) as unknown,
    });
  });
});

describe('ensureSchema', () => {
  const options = postgresOptions('wallet', { entities: [], migrations: [] });

  it('creates a missing schema, quoted', async () => {
    await ensureSchema(options);
    expect(queries.map((q) => q.sql)).toEqual([
      'SELECT 1 FROM pg_namespace WHERE nspname = $1',
      'CREATE SCHEMA IF NOT EXISTS "wallet"',
    ]);
    expect(queries[0].params).toEqual(['wallet']);
  });

  it('leaves an existing schema alone (no CREATE, which needs CREATE on the database)', async () => {
    existing = ['wallet'];
    await ensureSchema(options);
    expect(queries.map((q) => q.sql)).toEqual(['SELECT 1 FROM pg_namespace WHERE nspname = $1']);
  });

  it('accepts losing the race to a concurrent creator, not other errors', async () => {
    createError = { code: '23505' };
    await expect(ensureSchema(options)).resolves.toBeUndefined();
    createError = { code: '42501' };
    await expect(ensureSchema(options)).rejects.toEqual({ code: '42501' });
  });

  it('does nothing without a schema', async () => {
    await ensureSchema({ ...options, schema: undefined } as typeof options);
    expect(queries).toEqual([]);
  });

  it('runs before Nest initializes the data source', async () => {
    const ds = await createServiceDataSource(options);
    expect(queries).toHaveLength(2);
    expect(ds.isInitialized).toBe(false);
    expect(ds.options).toBe(options);
  });

  it('quotes identifiers', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
