/**
 * Reads Gavel's logs from OpenSearch, for ops on a machine without OpenSearch Dashboards.
 *
 *   npm run logs -- --correlation-id <id> [--saga-id <id>] [--trace-id <id>] [--service <name>] [--level error]
 *                   [--since 15m] [--limit 200] [--json] [--prune-days N]
 */
import { LOG_INDEX_PREFIX, OpenSearchLogSink, openSearchClient, searchLogs } from '@app/observability';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const client = openSearchClient();
  const prune = option('prune-days');
  if (prune) {
    const deleted = await new OpenSearchLogSink(client).deleteOlderThan(Number(prune));
    process.stdout.write(`deleted ${deleted.length} indices: ${deleted.join(', ') || '-'}\n`);
    return;
  }
  const hits = await searchLogs(client, {
    correlationId: option('correlation-id'),
    sagaId: option('saga-id'),
    traceId: option('trace-id'),
    service: option('service'),
    level: option('level'),
    since: option('since') ?? '24h',
    limit: Number(option('limit') ?? 200),
  });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
    return;
  }
  for (const h of hits) {
    process.stdout.write(
      `${h['@timestamp']} ${h.service.padEnd(14)} ${h.level.padEnd(5)} [${h.correlationId ?? '-'}] ${h.message}\n`,
    );
  }
  process.stderr.write(`${hits.length} lines from ${LOG_INDEX_PREFIX}-*\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`logs: ${e.message}\n`);
  process.exitCode = 1;
});
