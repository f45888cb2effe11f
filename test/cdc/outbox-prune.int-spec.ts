import { DataSource } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OutboxPrunerService, pruneOutbox } from '@app/outbox';

/**
 * The outbox pruner on a real PostgreSQL: what passed the retention goes, and the next prune is due when the
 * oldest row left passes it (5 s at the soonest, a minute at the latest). The rows live in a temporary
 * table named `outbox` on a one-connection pool: it shadows the service's table for that session only and
 * is never captured by Debezium.
 */
describe('outbox pruner (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const options = postgresOptions('payment', { entities: [], migrations: [] });
    dataSource = await new DataSource({ ...options, extra: { ...options.extra, max: 1 } }).initialize();
    await dataSource.query(
      `CREATE TEMP TABLE outbox (id int PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await dataSource.query(`CREATE INDEX ON outbox (created_at)`);
  });
  afterAll(() => dataSource?.destroy());
  beforeEach(() => dataSource.query('TRUNCATE outbox'));

  const insert = (id: number, ageSeconds: number) =>
    dataSource.query(`INSERT INTO outbox (id, created_at) VALUES ($1, now() - make_interval(secs => $2))`, [
      id,
      ageSeconds,
    ]);
  const ids = async () =>
    ((await dataSource.query('SELECT id FROM outbox ORDER BY id')) as { id: number }[]).map((r) => r.id);

  it('deletes what passed the retention and says when the oldest row left will', async () => {
    await insert(1, 700);
    await insert(2, 601);
    await insert(3, 580); // passes a 600 s retention in 20 s
    await insert(4, 10);

    const { deleted, nextDueInMs } = await pruneOutbox(dataSource.manager, 600);

    expect(deleted).toBe(2);
    expect(await ids()).toEqual([3, 4]);
    expect(nextDueInMs).toBeGreaterThan(18_000);
    expect(nextDueInMs).toBeLessThanOrEqual(20_000);
  });

  it('an empty outbox has no next due time', async () => {
    expect(await pruneOutbox(dataSource.manager, 600)).toEqual({ deleted: 0, nextDueInMs: null });
  });

  it('the service sleeps until the next row is due, between 5 s and a minute', async () => {
    const pruner = new OutboxPrunerService(dataSource);
    expect(await pruner.prune()).toBe(60_000); // nothing there: ask again in a minute

    await insert(1, 590); // due in 10 s
    const delay = await pruner.prune();
    expect(delay).toBeGreaterThan(8_000);
    expect(delay).toBeLessThanOrEqual(10_000);

    await insert(2, 599.5); // due in half a second: not sooner than 5 s
    expect(await pruner.prune()).toBe(5_000);

    await dataSource.query('TRUNCATE outbox');
    await insert(3, 60); // due in nine minutes: still asks within a minute
    expect(await pruner.prune()).toBe(60_000);
    expect(await ids()).toEqual([3]);
  });
});
