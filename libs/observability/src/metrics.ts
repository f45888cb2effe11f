import {
  Controller,
  Get,
  Header,
  Injectable,
  Logger,
  NestMiddleware,
  NotFoundException,
} from '@nestjs/common';
import { createServer } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import * as client from 'prom-client';

export const registry = new client.Registry();
let defaultsCollected = false;

/**
 * Node's default process metrics. The event-loop lag histogram samples every
 * GAVEL_EVENT_LOOP_SAMPLE_MS (100 ms; prom-client's default of 10 ms is a native timer waking an idle
 * service 100 times a second).
 */
export function collectProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  serveMetricsPort();
  registry.setDefaultLabels({ service });
  const precision = Number(process.env.GAVEL_EVENT_LOOP_SAMPLE_MS ?? 100);
  client.collectDefaultMetrics({
    register: registry,
    eventLoopMonitoringPrecision: Number.isInteger(precision) && precision > 0 ? precision : 100,
  });
}

/** GAVEL_METRICS_PORT: a port of its own for /metrics (the Helm chart sets it); unset = the app's port. */
export function metricsPort(): number | undefined {
  const port = Number(process.env.GAVEL_METRICS_PORT);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * With GAVEL_METRICS_PORT set, /metrics is served there by a plain HTTP server and the app's own port
 * answers 404 for it: an ingress in front of the app (the gateway's) never exposes the metrics, and a
 * NetworkPolicy can open the metrics port to Prometheus alone.
 */
function serveMetricsPort(): void {
  const port = metricsPort();
  if (!port) return;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  server.on('error', (e) => new Logger('Metrics').error(`metrics port ${port}: ${e.message}`));
  server.listen(port, process.env.GAVEL_HTTP_HOST ?? '127.0.0.1');
  server.unref();
}

export const httpRequests = new client.Counter({
  name: 'gavel_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'gavel_http_request_duration_seconds',
  help: 'HTTP request duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const messagesConsumed = new client.Counter({
  name: 'gavel_messages_consumed_total',
  help: 'Kafka messages handled by consumer and outcome (applied, duplicate, dead_lettered)',
  labelNames: ['consumer', 'topic', 'outcome'] as const,
  registers: [registry],
});

/**
 * How long a consumed record took from its timestamp (the source transaction's commit, as Debezium stamps
 * the records it streams) to its consumer: `fetched` when kafkajs handed over its batch, `applied` when the
 * consumer's transaction with it committed. Per consumer group; the hop a saga step pays twice.
 */
export const consumerRecordAge = new client.Histogram({
  name: 'gavel_consumer_record_age_seconds',
  help: 'Time from a record timestamp (its source commit) until its batch was fetched / its transaction committed',
  labelNames: ['consumer', 'stage'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const groupCommitSeconds = new client.Histogram({
  name: 'gavel_group_commit_seconds',
  help: 'How long one group transaction of a consumer (or of the saga starts) took, from its start to its commit',
  labelNames: ['consumer'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const groupCommitItems = new client.Counter({
  name: 'gavel_group_commit_items_total',
  help: 'Items (messages, starts) applied by group transactions; over gavel_group_commit_seconds_count, the mean group size',
  labelNames: ['consumer'] as const,
  registers: [registry],
});

export const logsShipped = new client.Counter({
  name: 'gavel_logs_shipped_total',
  help: 'Log entries shipped to OpenSearch',
  registers: [registry],
});

export const logsDropped = new client.Counter({
  name: 'gavel_logs_dropped_total',
  help: 'Log entries dropped because the log store was unavailable or the buffer was full',
  labelNames: ['reason'] as const,
  registers: [registry],
});

/** RED metrics and a structured access-log line for every HTTP request (not for /metrics and /health). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly logger = new Logger('http');

  use(req: Request, res: Response, next: NextFunction): void {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const labels = { method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) };
      httpRequests.inc(labels);
      const seconds = end(labels);
      if (req.originalUrl.startsWith('/metrics') || req.originalUrl.startsWith('/health')) return;
      const line = {
        message: `${req.method} ${req.originalUrl} ${res.statusCode}`,
        method: req.method,
        route: labels.route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000),
        // 'finish' runs outside the request's async context, so the id is taken from the request.
        correlationId: req.headers['x-correlation-id'],
      };
      if (res.statusCode >= 500) this.logger.error(line);
      else this.logger.log(line);
    });
    next();
  }
}

@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', registry.contentType)
  metrics(): Promise<string> {
    if (metricsPort()) throw new NotFoundException();
    return registry.metrics();
  }
}
