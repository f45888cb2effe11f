import type { EachBatchPayload } from 'kafkajs';
import { consumerRecordAge, groupCommitItems, groupCommitSeconds } from '@app/observability';
import type { OffsetCommitter } from './offset-committer';

/**
 * Group commit for a consumer's partitions: kafkajs hands each partition's batch to `eachBatch`
 * concurrently; each caller submits its batch here and waits. A group starts on the event loop's next
 * turn (setImmediate), so the batches kafkajs hands out for one fetch — one worker after another, in the
 * same turn — go in one group; whatever was submitted while a transaction ran is applied together by the
 * next `flush` call. One consumer has at most one transaction open at a time (no deadlocks between its
 * own partitions) and one commit covers the batches of a whole fetch (starting at the first submit put
 * that batch alone in a transaction and the rest of its fetch in a second one, each fetch waiting for
 * two commits). Order within a submitted batch is kept; batches follow submission order.
 * If `flush` throws, every batch of that group gets the error (kafkajs then redelivers them).
 */
export class GroupCommit<T> {
  private pending: { items: T[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly flush: (batches: T[][]) => Promise<void>,
    /** A group closes when it reaches this many items (a single larger batch still goes alone). */
    private readonly maxItems = 1_000,
    /** How often a batch waiting for its transaction heartbeats (kafkajs sends one only when due). */
    private readonly heartbeatEveryMs = 3_000,
    /** The `consumer` label of the group metrics; a consumer's is its group id (see `acknowledgeAfter`). */
    private name?: string,
  ) {}

  submit(items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (this.running || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  /**
   * A consumer's `eachBatch` ending: applies the batch's items with the group, and only after their
   * transaction committed resolves the batch's offset (kafkajs fetches on from there), hands it to the
   * consumer's `offsets` to be committed in the background, and heartbeats. While the batch waits for its
   * transaction (a backlog's fetch can hold several groups of a thousand), it keeps heartbeating, so the
   * member is not dropped from its group for outlasting the session timeout and made to apply the same
   * fetch again. A failed heartbeat there (a rebalance under way) is left to the one after the
   * transaction, which kafkajs handles.
   */
  async acknowledgeAfter(
    items: T[],
    { batch, resolveOffset, heartbeat }: EachBatchPayload,
    offsets: Pick<OffsetCommitter, 'processed' | 'group'>,
  ): Promise<void> {
    this.name ??= offsets.group;
    const fetchedAt = Date.now();
    const beating = setInterval(() => void heartbeat().catch(() => undefined), this.heartbeatEveryMs).unref();
    try {
      await this.submit(items);
    } finally {
      clearInterval(beating);
    }
    resolveOffset(batch.lastOffset());
    offsets.processed(batch.topic, batch.partition, batch.lastOffset());
    observeAges(offsets.group, batch.messages, fetchedAt, Date.now());
    await heartbeat();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        let count = 0;
        let take = 0;
        while (
          take < this.pending.length &&
          (take === 0 || count + this.pending[take].items.length <= this.maxItems)
        )
          count += this.pending[take++].items.length;
        const group = this.pending.splice(0, take);
        const name = this.name ?? 'unnamed';
        const timer = groupCommitSeconds.startTimer({ consumer: name });
        try {
          await this.flush(group.map((g) => g.items));
          timer();
          groupCommitItems.inc({ consumer: name }, count);
          for (const g of group) g.resolve();
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** `gavel_consumer_record_age_seconds` for each record of a batch (records without a timestamp are left out). */
function observeAges(
  consumer: string,
  messages: readonly { timestamp: string }[],
  fetchedAt: number,
  appliedAt: number,
): void {
  const fetched = consumerRecordAge.labels(consumer, 'fetched');
  const applied = consumerRecordAge.labels(consumer, 'applied');
  for (const m of messages) {
    const at = Number(m.timestamp);
    if (!(at > 0)) continue;
    fetched.observe(Math.max(0, fetchedAt - at) / 1000);
    applied.observe(Math.max(0, appliedAt - at) / 1000);
  }
}
