/**
 * Every message on Kafka is `{ type, data }` in the record value; its metadata travels in headers
 * written by the Debezium Outbox Event Router from the outbox row's columns.
 */
export interface MessageMetadata {
  messageId: string;
  correlationId: string;
  causationId?: string;
  sagaId?: string;
  traceparent?: string;
  occurredAt: string;
  version: number;
}

export interface Message<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export interface Envelope<TType extends string = string, TData = unknown> extends Message<TType, TData> {
  metadata: MessageMetadata;
}

/** Kafka header names used by the outbox connector and every consumer. */
export const Headers = {
  messageId: 'message-id',
  type: 'type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  sagaId: 'saga-id',
  traceparent: 'traceparent',
  dlqReason: 'dlq-reason',
  dlqSourceTopic: 'dlq-source-topic',
  dlqConsumer: 'dlq-consumer',
} as const;

/** Stable error codes; shared by HTTP bodies and dead-letter reasons. */
export interface ErrorBody {
  code: string;
  message: string;
  correlationId?: string;
  details?: unknown;
}
