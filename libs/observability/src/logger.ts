import { LoggerService } from '@nestjs/common';
import * as winston from 'winston';
import { RequestContext } from './context';
import { OpenSearchLogSink } from './log-shipping/opensearch.sink';
import { ShippingTransport } from './log-shipping/shipping.transport';

const addContext = winston.format((info) => {
  const ctx = RequestContext.current();
  if (ctx) {
    info.correlationId ??= ctx.correlationId;
    if (ctx.sagaId) info.sagaId ??= ctx.sagaId;
    if (ctx.messageId) info.messageId ??= ctx.messageId;
    if (ctx.traceparent) info.traceId ??= ctx.traceparent.split('-')[1];
  }
  return info;
});

/**
 * JSON logs with service, level, message, correlation id, saga id and trace id: on stdout, and shipped
 * to OpenSearch (`GAVEL_OPENSEARCH_URL`) in the background unless `GAVEL_LOG_SHIPPING=off`.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): winston.Logger {
  const transports: winston.transport[] = [new winston.transports.Console()];
  if (process.env.GAVEL_LOG_SHIPPING !== 'off') {
    const maxBuffer = Number(process.env.GAVEL_LOG_BUFFER ?? 10_000);
    transports.push(new ShippingTransport({ sink: new OpenSearchLogSink(), maxBuffer }));
  }
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: winston.format.combine(winston.format.timestamp(), addContext(), winston.format.json()),
    transports,
  });
}

/** Adapts winston to Nest's LoggerService so `new Logger(X.name)` writes structured lines. */
export class WinstonNestLogger implements LoggerService {
  constructor(private readonly logger: winston.Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }

  private write(level: string, message: unknown, rest: unknown[]): void {
    // winston runs its formats on every entry and filters by level only in the transports: an entry
    // below every transport's level is dropped here, before it costs anything
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const meta: Record<string, unknown> = { context };
    for (const extra of rest) {
      if (typeof extra === 'string') meta.stack = extra;
      else if (extra && typeof extra === 'object') Object.assign(meta, extra);
    }
    if (message instanceof Error) {
      this.logger.log(level, message.message, { ...meta, stack: message.stack });
    } else if (typeof message === 'object' && message !== null) {
      const { message: text, ...fields } = message as Record<string, unknown>;
      this.logger.log(level, typeof text === 'string' ? text : JSON.stringify(message), {
        ...meta,
        ...fields,
      });
    } else {
      this.logger.log(level, String(message), meta);
    }
  }
}
