import { registry } from '../metrics';
import { LogDocument, LogSink } from './log-sink';
import { ShippingTransport } from './shipping.transport';

/** A sink whose availability the test controls; it records what it received. */
class ControlledSink implements LogSink {
  up = true;
  received: { index: string; doc: LogDocument }[] = [];
  async ensureTemplate(): Promise<void> {
    if (!this.up) throw new Error('down');
  }
  async bulk(docs: { index: string; doc: LogDocument }[]): Promise<void> {
    if (!this.up) throw new Error('down');
    this.received.push(...docs);
  }
}

async function dropped(): Promise<number> {
  const metric = await registry.getSingleMetric('gavel_logs_dropped_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

const entry = (n: number) => ({
  level: 'info',
  message: `m${n}`,
  service: 'test',
  timestamp: '2026-11-23T10:00:00.000Z',
  correlationId: `c${n}`,
});

describe('ShippingTransport', () => {
  it('ships buffered entries to daily indices with their ids', async () => {
    const sink = new ControlledSink();
    const t = new ShippingTransport({ sink, flushEveryMs: 60_000 });
    for (let i = 0; i < 3; i++) t.log(entry(i), () => undefined);
    await t.flush();
    expect(sink.received.map((r) => [r.index, r.doc.message, r.doc.correlationId])).toEqual([
      ['gavel-logs-2026.11.23', 'm0', 'c0'],
      ['gavel-logs-2026.11.23', 'm1', 'c1'],
      ['gavel-logs-2026.11.23', 'm2', 'c2'],
    ]);
    t.close();
  });

  it('never blocks while the sink is down, keeps what fits and counts what it drops', async () => {
    const sink = new ControlledSink();
    sink.up = false;
    const t = new ShippingTransport({
      sink,
      flushEveryMs: 60_000,
      maxBuffer: 5,
      batchSize: 5,
      maxBackoffMs: 0,
    });
    const before = await dropped();
    let callbacks = 0;
    for (let i = 0; i < 8; i++) t.log(entry(i), () => callbacks++);
    expect(callbacks).toBe(8);
    await t.flush();
    expect(t.buffered).toBe(5);
    expect((await dropped()) - before).toBe(3);

    sink.up = true;
    await new Promise((r) => setTimeout(r, 5));
    await t.flush();
    expect(sink.received.map((r) => r.doc.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(t.buffered).toBe(0);
    t.close();
  });
});
