/**
 * A consumer's stop does not wait for the fetch the broker is holding (kafkajs 2.2.4).
 *
 * An idle consumer's fetch waits at the broker for up to `maxWaitTime` before it comes back empty. The
 * longer that wait, the fewer empty fetches an idle system makes (GAVEL_KAFKA_MAX_WAIT_MS), but kafkajs's
 * `disconnect` waits for the fetch in flight twice over: its fetcher loop ends only when the fetch
 * returns, and the fetch connection closes only when no request is in flight. So a stop took up to the
 * whole wait.
 *
 * Here, when a consumer's runner stops, the fetches it has in flight are answered at once with no
 * batches (the fetcher loop sees it should stop and ends) and dropped from their connection's queue (so
 * its disconnect does not wait for them; the broker's late answer goes to a closed socket). Nothing was
 * handed to the application from such a fetch, so no offset moves: whatever it would have carried is
 * delivered again to the group's next member. Leaving the group and committing offsets use the other
 * connection, which a held fetch never blocked.
 *
 * Installed once when this module loads (kafka.factory imports it).
 */
const HELD = Symbol('gavel.heldFetches');
const FETCH_API_KEY = 1;

interface SocketRequestLike {
  correlationId: number;
  entry: { apiKey: number };
  rejected(error: Error): void;
}
interface ConnectionLike {
  requestQueue?: { inflight: Map<number, SocketRequestLike> };
}
interface ClusterLike {
  brokerPool?: {
    seedBroker?: { connectionPool?: { pool?: ConnectionLike[] } };
    brokers?: Record<string, { connectionPool?: { pool?: ConnectionLike[] } }>;
  };
}
interface ConsumerGroupLike {
  cluster?: ClusterLike;
  [HELD]?: Set<() => void>;
}
interface RunnerLike {
  running: boolean;
  consumerGroup?: ConsumerGroupLike;
  stop(): Promise<void>;
}

// Deep requires: kafkajs has no `exports` map, and these classes are not part of its public API.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as {
  prototype: ConsumerGroupLike & { fetch(nodeId: number): Promise<unknown[]> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Runner = require('kafkajs/src/consumer/runner') as { prototype: RunnerLike };

type Patched = { gavelQuickStop?: boolean };

/** The fetches in flight on a cluster's connections, taken off their queues and failed. */
export function dropHeldFetches(cluster: ClusterLike | undefined): number {
  const pool = cluster?.brokerPool;
  const brokers = [pool?.seedBroker, ...Object.values(pool?.brokers ?? {})];
  let dropped = 0;
  for (const broker of brokers)
    for (const connection of broker?.connectionPool?.pool ?? []) {
      const inflight = connection.requestQueue?.inflight;
      if (!inflight) continue;
      for (const request of [...inflight.values()]) {
        if (request.entry?.apiKey !== FETCH_API_KEY) continue;
        inflight.delete(request.correlationId);
        request.rejected(new Error('fetch dropped: the consumer is stopping'));
        dropped++;
      }
    }
  return dropped;
}

const originalFetch = ConsumerGroup.prototype.fetch;
if (!(originalFetch as Patched).gavelQuickStop) {
  const fetch = function (this: ConsumerGroupLike, nodeId: number): Promise<unknown[]> {
    const held = (this[HELD] ??= new Set());
    let release!: () => void;
    const released = new Promise<unknown[]>((resolve) => (release = () => resolve([])));
    held.add(release);
    // Whatever the dropped fetch ends in later is already answered by `released`.
    return Promise.race([originalFetch.call(this, nodeId), released]).finally(() => held.delete(release));
  };
  (fetch as Patched).gavelQuickStop = true;
  ConsumerGroup.prototype.fetch = fetch;

  const originalStop = Runner.prototype.stop;
  Runner.prototype.stop = function (this: RunnerLike): Promise<void> {
    const group = this.consumerGroup;
    if (this.running && group) {
      for (const release of group[HELD] ?? []) release();
      dropHeldFetches(group.cluster);
    }
    return originalStop.call(this);
  };
}

/** True when the patch is in place (for the spec). */
export const kafkajsQuickStopInstalled = (): boolean =>
  (ConsumerGroup.prototype.fetch as Patched).gavelQuickStop === true;
