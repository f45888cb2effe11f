import TransportStream from 'winston-transport';
import { logsDropped, logsShipped } from '../metrics';
import { dailyIndex, LogDocument, LogSink } from './log-sink';

export interface ShippingOptions {
  sink: LogSink;
  /** Entries kept while the sink is slow or down; beyond it new entries are dropped and counted. */
  maxBuffer?: number;
  batchSize?: number;
  flushEveryMs?: number;
  /** Longest pause between retries while the sink keeps failing. */
  maxBackoffMs?: number;
}

/**
 * A winston transport that never blocks or throws: `log()` only appends to a bounded buffer; a
 * timer ships batches with the sink's bulk API. While the sink fails, batches stay buffered (up to
 * the bound) and retries back off; what does not fit is dropped and counted in
 * `gavel_logs_dropped_total`.
 */
export class ShippingTransport extends TransportStream {
  private readonly buffer: { index: string; doc: LogDocument }[] = [];
  private readonly maxBuffer: number;
  private readonly batchSize: number;
  private readonly timer: NodeJS.Timeout;
  private readonly maxBackoffMs: number;
  private inFlight = false;
  private templateReady = false;
  private failures = 0;
  private pausedUntil = 0;

  constructor(private readonly options: ShippingOptions) {
    super({ level: 'debug' });
    this.maxBuffer = options.maxBuffer ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.timer = setInterval(() => void this.flush(), options.flushEveryMs ?? 1000);
    this.timer.unref();
  }

  override log(info: Record<string, unknown>, callback: () => void): void {
    if (this.buffer.length >= this.maxBuffer) {
      logsDropped.inc({ reason: 'buffer_full' });
    } else {
      const doc = toDocument(info);
      this.buffer.push({ index: dailyIndex(doc['@timestamp']), doc });
      if (this.buffer.length >= Math.min(this.batchSize, this.maxBuffer / 2))
        setImmediate(() => void this.flush());
    }
    callback();
  }

  /** Ships one batch; safe to call at any time (one flush runs at a time). */
  async flush(): Promise<void> {
    if (this.inFlight || this.buffer.length === 0 || Date.now() < this.pausedUntil) return;
    this.inFlight = true;
    const batch = this.buffer.splice(0, this.batchSize);
    try {
      if (!this.templateReady) {
        await this.options.sink.ensureTemplate();
        this.templateReady = true;
      }
      await this.options.sink.bulk(batch);
      logsShipped.inc(batch.length);
      this.failures = 0;
    } catch {
      this.failures += 1;
      this.pausedUntil = Date.now() + Math.min(this.maxBackoffMs, 250 * 2 ** this.failures);
      const room = this.maxBuffer - this.buffer.length;
      const kept = batch.slice(0, Math.max(0, room));
      this.buffer.unshift(...kept);
      if (kept.length < batch.length)
        logsDropped.inc({ reason: 'sink_unavailable' }, batch.length - kept.length);
    } finally {
      this.inFlight = false;
    }
  }

  get buffered(): number {
    return this.buffer.length;
  }

  override close(): void {
    clearInterval(this.timer);
  }
}

function toDocument(info: Record<string, unknown>): LogDocument {
  const { level, message, timestamp, service, correlationId, sagaId, traceId, context, ...rest } = info;
  return {
    ...rest,
    '@timestamp': typeof timestamp === 'string' ? timestamp : new Date().toISOString(),
    level: String(level),
    service: String(service ?? 'unknown'),
    message: typeof message === 'string' ? message : JSON.stringify(message),
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(typeof sagaId === 'string' ? { sagaId } : {}),
    ...(typeof traceId === 'string' ? { traceId } : {}),
    ...(typeof context === 'string' ? { context } : {}),
  };
}
