import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RequestContext } from './context';
import {
  flushTracing,
  initTracing,
  shutdownTracing,
  SpanKind,
  startSpan,
  tracingEnabled,
  withSpan,
} from './otel';
import { parseTraceparent } from './tracing';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const FIELDS = { correlationId: 'corr-1', sagaId: 'saga-1', messageId: 'm-1' };

const inner = () => Promise.resolve(RequestContext.current());

describe('OpenTelemetry helpers', () => {
  afterEach(() => shutdownTracing());

  describe('without an OTLP endpoint', () => {
    it('registers nothing', () => {
      expect(initTracing('test', { env: {} })).toBe(false);
      expect(tracingEnabled()).toBe(false);
    });

    it('runs the function with a child traceparent of the incoming one', async () => {
      const ctx = await withSpan({ name: 'x', kind: SpanKind.CONSUMER, parent: PARENT }, FIELDS, inner);
      expect(ctx).toMatchObject(FIELDS);
      const tp = parseTraceparent(ctx?.traceparent);
      expect(tp).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', flags: '01' });
      expect(tp?.spanId).not.toBe('00f067aa0ba902b7');
    });

    it('starts a new trace when the incoming traceparent is absent or invalid', async () => {
      for (const parent of [undefined, 'garbage']) {
        const ctx = await withSpan({ name: 'x', kind: SpanKind.SERVER, parent }, FIELDS, inner);
        expect(parseTraceparent(ctx?.traceparent)).toBeDefined();
      }
    });
  });

  describe('with an exporter', () => {
    let exporter: InMemorySpanExporter;
    beforeEach(() => {
      exporter = new InMemorySpanExporter();
      expect(initTracing('test', { env: {}, exporter })).toBe(true);
    });

    async function finished(): Promise<ReadableSpan[]> {
      await flushTracing();
      return exporter.getFinishedSpans();
    }

    it('exports a child span of the incoming traceparent and exposes it in RequestContext', async () => {
      const attributes = { 'messaging.system': 'kafka' };
      const ctx = await withSpan(
        { name: 'process t', kind: SpanKind.CONSUMER, parent: PARENT, attributes },
        FIELDS,
        inner,
      );
      const [span] = await finished();
      expect(span.name).toBe('process t');
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      expect(span.attributes).toMatchObject(attributes);
      expect(span.resource.attributes['service.name']).toBe('gavel-test');
      expect(ctx).toMatchObject({
        ...FIELDS,
        traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      });
    });

    it('records a failure and rethrows it', async () => {
      const boom = new Error('boom');
      await expect(
        withSpan({ name: 'f', kind: SpanKind.CONSUMER, parent: PARENT }, FIELDS, () => Promise.reject(boom)),
      ).rejects.toBe(boom);
      const [span] = await finished();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    });

    it('starts a root span without a valid parent, and ends a started span once', async () => {
      const span = startSpan({ name: 'GET', kind: SpanKind.SERVER, parent: 'garbage' });
      span.end({ name: 'GET /x', attributes: { 'http.response.status_code': 200 } });
      span.end({ failed: true });
      const spans = await finished();
      expect(spans).toHaveLength(1);
      expect(spans[0].name).toBe('GET /x');
      expect(spans[0].parentSpanContext).toBeUndefined();
      expect(spans[0].status.code).toBe(SpanStatusCode.UNSET);
      expect(parseTraceparent(span.traceparent)?.traceId).toBe(spans[0].spanContext().traceId);
    });

    it('keeps an unsampled caller unsampled (nothing exported)', async () => {
      const ctx = await withSpan(
        { name: 'u', kind: SpanKind.SERVER, parent: PARENT.replace(/-01$/, '-00') },
        FIELDS,
        inner,
      );
      expect(parseTraceparent(ctx?.traceparent)?.flags).toBe('00');
      expect(await finished()).toHaveLength(0);
    });
  });
});
