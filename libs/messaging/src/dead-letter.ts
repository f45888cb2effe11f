import type { Logger } from '@nestjs/common';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { Headers, Topics } from '@app/contracts';
import { messagesConsumed } from '@app/observability';

/** Kafka headers with a null value (e.g. a NULL saga_id column) cannot be re-sent by kafkajs. */
function definedHeaders(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined && value !== null) out[name] = value;
  return out;
}

/** Sends a message that cannot be handled to `<topic>.dlq` with the reason, and logs it. */
export async function deadLetter(
  producer: Producer,
  logger: Logger,
  consumer: string,
  topic: string,
  message: KafkaMessage,
  reason: string,
): Promise<void> {
  const dlq = Topics.deadLetter(topic);
  logger.error({ message: 'message dead-lettered', topic, dlq, offset: message.offset, reason });
  await producer.send({
    topic: dlq,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...definedHeaders(message.headers),
          [Headers.dlqReason]: reason,
          [Headers.dlqSourceTopic]: topic,
          [Headers.dlqConsumer]: consumer,
        },
      },
    ],
  });
  messagesConsumed.inc({ consumer, topic, outcome: 'dead_lettered' });
}
