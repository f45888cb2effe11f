import { Pool } from 'pg';
// Jest loads this file outside the module mapper, so it imports libs by relative path.
import { databaseConfig, kafkaBrokers, outboxConnector, pgConnectionConfig } from '../libs/common/src/config';
import { Kafka, logLevel } from 'kafkajs';

/** The integration suite runs against the real local stack: fail fast with a readable hint if it is down. */
export default async function globalSetup(): Promise<void> {
  const hint = 'start it with `npm run stack -- up` (or run the whole suite with `npm test`)';
  const c = pgConnectionConfig('wallet');
  const pool = new Pool(c);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${c.host}:${c.port} (${(e as Error).message}); ${hint}`);
  } finally {
    await pool.end();
  }
  const admin = new Kafka({
    clientId: 'global-setup',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (e) {
    throw new Error(
      `Kafka is not reachable at ${kafkaBrokers().join(',')} (${(e as Error).message}); ${hint}`,
    );
  } finally {
    await admin.disconnect();
  }
  const connect = `http://127.0.0.1:${process.env.GAVEL_CONNECT_PORT ?? 18083}`;
  // the connector of the wallet's database (gavel-outbox for the shared one) streams its outbox
  const connector = outboxConnector(databaseConfig('wallet').database).name;
  const res = await fetch(`${connect}/connectors/${connector}/status`).catch((e: Error) => e);
  if (res instanceof Error || !res.ok) {
    throw new Error(
      `the ${connector} connector is not registered at ${connect}; run \`npm run stack -- connectors\``,
    );
  }
}
