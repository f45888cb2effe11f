import type { IHeaders, KafkaMessage } from 'kafkajs';
import { Envelope, Headers } from '@app/contracts';

/** `body` is the whole parsed value, for messages that carry more than `{ type, data }`. */
export type Decoded =
  { ok: true; envelope: Envelope; body: Record<string, unknown> } | { ok: false; reason: string };

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  const text = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  // Debezium's JSON converter may quote string headers; accept both forms.
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** Turns a Kafka record written by the outbox router into an envelope, or says why it cannot. */
export function decodeMessage(message: KafkaMessage): Decoded {
  const messageId = headerString(message.headers, Headers.messageId);
  if (!messageId) return { ok: false, reason: 'MISSING_HEADER: message-id' };
  if (!message.value || message.value.length === 0) return { ok: false, reason: 'EMPTY_VALUE' };
  let body: unknown;
  try {
    body = JSON.parse(message.value.toString('utf8'));
  } catch (e) {
    return { ok: false, reason: `MALFORMED_JSON: ${(e as Error).message}` };
  }
  // The router may deliver the payload as a JSON string when the column was text-encoded.
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch (e) {
      return { ok: false, reason: `MALFORMED_JSON: ${(e as Error).message}` };
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'NOT_AN_OBJECT' };
  }
  const { type, data } = body as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || type.length === 0) return { ok: false, reason: 'MISSING_TYPE' };
  return {
    ok: true,
    body: body as Record<string, unknown>,
    envelope: {
      type,
      data,
      metadata: {
        messageId,
        correlationId: headerString(message.headers, Headers.correlationId) ?? messageId,
        causationId: headerString(message.headers, Headers.causationId),
        sagaId: headerString(message.headers, Headers.sagaId),
        traceparent: headerString(message.headers, Headers.traceparent),
        occurredAt: new Date(Number(message.timestamp)).toISOString(),
        version: 1,
      },
    },
  };
}
