/**
 * What a statement costs over loopback TCP and over the local cluster's unix socket (the transport
 * `scripts/services.sh` gives the services when the stack's PostgreSQL runs on the same machine): one
 * client per transport, `--queries` round trips of a prepared one-row SELECT each, alternating the two
 * transports for `--rounds` rounds. Per statement: the wall time, this process's CPU (user + system) and
 * its backend's CPU (`/proc/<backend pid>/stat`). Medians over the rounds go to
 * bench/results/pg-transport.json. Needs the stack's PostgreSQL (`bash scripts/stack.sh up postgres`);
 * GAVEL_PG_SOCKET_DIR names the socket's directory when it is not `.gavel/run/pg`.
 *
 *   node dist/bench/pg-transport.js --queries=20000 --rounds=5
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { databaseConfig, DatabaseConfig } from '@app/common';
import { arg, percentile, round, writeResult } from './support';

interface Sample {
  wall_us: number;
  client_cpu_us: number;
  client_sys_us: number;
  backend_cpu_us: number;
}

const CLK_TCK_MS = 10; // USER_HZ 100

function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS;
}

async function measure(db: DatabaseConfig, host: string, queries: number): Promise<Sample> {
  const client = new Client({
    host,
    port: db.port,
    user: db.username,
    password: db.password,
    database: db.database,
  });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const query = { name: 'gavel_bench_transport', text: 'SELECT $1::int + 1 AS x' };
    for (let i = 0; i < 200; i++) await client.query({ ...query, values: [i] }); // warm both ends
    const cpu0 = process.cpuUsage();
    const backend0 = cpuMsOf(backend);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < queries; i++) await client.query({ ...query, values: [i] });
    const wallNs = Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(cpu0);
    const backendMs = cpuMsOf(backend) - backend0;
    return {
      wall_us: wallNs / 1000 / queries,
      client_cpu_us: (cpu.user + cpu.system) / queries,
      client_sys_us: cpu.system / queries,
      backend_cpu_us: (backendMs * 1000) / queries,
    };
  } finally {
    await client.end();
  }
}

function medians(samples: Sample[]): Sample {
  const med = (pick: (s: Sample) => number): number =>
    round(
      percentile(
        samples.map(pick).sort((a, b) => a - b),
        50,
      ),
      1,
    );
  return {
    wall_us: med((s) => s.wall_us),
    client_cpu_us: med((s) => s.client_cpu_us),
    client_sys_us: med((s) => s.client_sys_us),
    backend_cpu_us: med((s) => s.backend_cpu_us),
  };
}

async function main(): Promise<void> {
  const queries = arg('queries', 20_000);
  const rounds = arg('rounds', 5);
  const db = databaseConfig('bench');
  const socketDir = process.env.GAVEL_PG_SOCKET_DIR ?? path.resolve(__dirname, '../../.gavel/run/pg');
  if (!existsSync(path.join(socketDir, `.s.PGSQL.${db.port}`)))
    throw new Error(
      `no PostgreSQL socket in ${socketDir} (scripts/stack.sh up postgres; GAVEL_PG_SOCKET_DIR)`,
    );
  // GAVEL_PG_HOST, unless it names a socket directory itself
  const tcpHost = db.host.startsWith('/') ? '127.0.0.1' : db.host;
  const tcp: Sample[] = [];
  const socket: Sample[] = [];
  for (let r = 0; r < rounds; r++) {
    tcp.push(await measure(db, tcpHost, queries));
    socket.push(await measure(db, socketDir, queries));
    process.stderr.write(`[pg-transport] round ${r + 1}/${rounds}\n`);
  }
  const t = medians(tcp);
  const u = medians(socket);
  const saved = (a: number, b: number): number => round((1 - b / a) * 100, 0);
  const result = {
    statement: 'SELECT $1::int + 1 (prepared), one client, one round trip at a time',
    queries_per_round: queries,
    rounds,
    tcp: t,
    unix_socket: u,
    saved_pct: {
      client_cpu: saved(t.client_cpu_us, u.client_cpu_us),
      backend_cpu: saved(t.backend_cpu_us, u.backend_cpu_us),
      wall: saved(t.wall_us, u.wall_us),
    },
    rounds_detail: { tcp, unix_socket: socket },
    command: `npm run -s build && node dist/bench/pg-transport.js --queries=${queries} --rounds=${rounds}`,
    measured_at: new Date().toISOString(),
  };
  writeResult('pg-transport.json', result);
  process.stdout.write(`${JSON.stringify({ tcp: t, unix_socket: u, saved_pct: result.saved_pct })}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
