import { DynamicModule, Injectable, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import {
  Attributes,
  context,
  defaultTextMapGetter,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ContextFields, RequestContext } from './context';
import { childSpan, formatTraceparent, SAMPLED_FLAG } from './tracing';

export { SpanKind } from '@opentelemetry/api';
export type { Attributes } from '@opentelemetry/api';

/**
 * OpenTelemetry on top of Gavel's own W3C trace context: when an OTLP endpoint is configured each
 * HTTP request and each applied message becomes a span exported over OTLP/HTTP (JSON), and
 * `RequestContext.traceparent` names that span, so outbox rows, Kafka headers and log lines point at
 * it. Without an endpoint nothing is registered and spans are plain `childSpan` traceparents.
 */
let provider: NodeTracerProvider | undefined;

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Replaces the OTLP exporter (tests); tracing is then on whatever the environment says. */
  exporter?: SpanExporter;
}

/** Registers the tracer provider when an OTLP endpoint (or a test exporter) is given; returns whether it did. */
export function initTracing(service: string, options: TracingOptions = {}): boolean {
  const env = options.env ?? process.env;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (provider || (!endpoint && !options.exporter)) return provider !== undefined;
  // The exporter reads OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT itself (appending /v1/traces to the generic one).
  const exporter = options.exporter ?? new OTLPTraceExporter();
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: `gavel-${service}` }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return true;
}

export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** Exports what is buffered (tests, diagnostics). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** Flushes and unregisters the provider; called when the application closes. */
export async function shutdownTracing(): Promise<void> {
  const current = provider;
  provider = undefined;
  if (!current) return;
  await current.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
}

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}

@Module({})
export class TracingModule {
  /** Wraps a service's root module so the buffered spans are flushed when the application closes. */
  static around(root: Type<unknown> | DynamicModule): DynamicModule {
    return { module: TracingModule, imports: [root], providers: [TracingShutdown] };
  }
}

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  /** The incoming W3C traceparent (HTTP or Kafka header); absent or invalid starts a new trace. */
  parent?: string;
  attributes?: Attributes;
}

export interface SpanOutcome {
  /** A better name known only at the end (e.g. `GET /wallets/:userId` once the route matched). */
  name?: string;
  attributes?: Attributes;
  /** Recorded as an exception event and an ERROR status. */
  error?: unknown;
  /** ERROR status without an exception (e.g. an HTTP 5xx). */
  failed?: boolean;
}

/** A started span: its traceparent, a way to run code inside it, and an idempotent end. */
export interface StartedSpan {
  readonly traceparent: string;
  run<T>(fn: () => T): T;
  end(outcome?: SpanOutcome): void;
}

/** Starts a span (a real one when tracing is on, otherwise only a child traceparent of `parent`). */
export function startSpan(spec: SpanSpec): StartedSpan {
  if (!provider) {
    const traceparent = childSpan(spec.parent);
    return { traceparent, run: (fn) => fn(), end: () => undefined };
  }
  const parentContext = propagation.extract(ROOT_CONTEXT, { traceparent: spec.parent }, defaultTextMapGetter);
  const span = trace
    .getTracer('gavel')
    .startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, parentContext);
  const spanContext = trace.setSpan(parentContext, span);
  let ended = false;
  return {
    traceparent: traceparentOf(span),
    run: (fn) => context.with(spanContext, fn),
    end: (outcome = {}) => {
      if (ended) return;
      ended = true;
      finish(span, outcome);
    },
  };
}

/**
 * Runs `fn` inside a span: RequestContext carries `fields` plus the span's traceparent, a thrown error
 * is recorded on the span and rethrown, and the span ends when `fn` settles.
 */
export async function withSpan<T>(
  spec: SpanSpec,
  fields: Omit<ContextFields, 'traceparent'>,
  fn: () => Promise<T>,
): Promise<T> {
  const span = startSpan(spec);
  try {
    const result = await span.run(() => RequestContext.run({ ...fields, traceparent: span.traceparent }, fn));
    span.end();
    return result;
  } catch (error) {
    span.end({ error });
    throw error;
  }
}

function finish(span: Span, { name, attributes, error, failed }: SpanOutcome): void {
  if (name) span.updateName(name);
  if (attributes) span.setAttributes(attributes);
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  } else if (failed) {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return formatTraceparent({ traceId, spanId, flags: sampled ? SAMPLED_FLAG : '00' });
}

/** Attribute names of the OpenTelemetry messaging conventions (still "incubating" in the package). */
export const MessagingAttributes = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  operation: 'messaging.operation.type',
  messageId: 'messaging.message.id',
  messageType: 'gavel.message.type',
  sagaId: 'gavel.saga.id',
} as const;

/** The attributes of a CONSUMER span for one Kafka message. */
export function kafkaConsumerAttributes(
  topic: string,
  messageId: string,
  type: string,
  sagaId?: string,
): Attributes {
  return {
    [MessagingAttributes.system]: 'kafka',
    [MessagingAttributes.destination]: topic,
    [MessagingAttributes.operation]: 'process',
    [MessagingAttributes.messageId]: messageId,
    [MessagingAttributes.messageType]: type,
    ...(sagaId ? { [MessagingAttributes.sagaId]: sagaId } : {}),
  };
}
