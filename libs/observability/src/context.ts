import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and every outgoing message carries, for the duration of a request or message. */
export interface ContextFields {
  correlationId: string;
  sagaId?: string;
  traceparent?: string;
  messageId?: string;
}

const storage = new AsyncLocalStorage<ContextFields>();

export const RequestContext = {
  run<T>(fields: ContextFields, fn: () => T): T {
    return storage.run(fields, fn);
  },
  current(): ContextFields | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};
