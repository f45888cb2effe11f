import type { Logger } from '@nestjs/common';
import type { Consumer, TopicPartitionOffset } from 'kafkajs';
import { intEnv } from '@app/common';

/**
 * Commits a consumer group member's processed offsets in the background, every
 * GAVEL_KAFKA_COMMIT_INTERVAL_MS (1 s) after a batch was applied, instead of in its fetch loop.
 *
 * kafkajs 2.2.4 with `autoCommit: true` sends an OffsetCommit after every batch that resolved an offset
 * and awaits it before the partition's next fetch (the runner's batch handler calls `commitOffsets`
 * unconditionally; `autoCommitInterval` only governs `commitOffsetsIfNecessary`). Each hop of a saga
 * waited for that round trip to the group coordinator, and under load the waits queued up: broker →
 * consumer p50 was 40–50 ms at 200 messages/s with it and 1 ms without (a Java consumer on the same
 * topic: 2 ms). So Gavel's consumers run with `autoCommit: false`, mark each batch here once its
 * transaction committed, and this commits the latest offset per partition on a timer.
 *
 * What a member processed but had not committed yet when it died or lost the partition is delivered
 * again (to it or the next owner); the handlers are idempotent (inbox, command log, the engine's
 * settled command ids), as they were for kafkajs's own interval. On a rebalance the offsets of partitions
 * no longer assigned are dropped; `stop` commits what is pending before the consumer disconnects.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, TopicPartitionOffset>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumer: Consumer,
    /** The consumer group (a metrics label). */
    readonly group: string,
    private readonly logger: Logger,
    private readonly intervalMs = intEnv('GAVEL_KAFKA_COMMIT_INTERVAL_MS', 1_000),
  ) {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.keepAssigned(payload.memberAssignment));
  }

  /** Starts committing (call before `consumer.run`). */
  start(): void {
    this.running = true;
  }

  /**
   * A batch of `topic`/`partition` ending at `lastOffset` is applied: its next position is committed
   * within an interval (a timer runs only while something waits, so an idle consumer has none).
   */
  processed(topic: string, partition: number, lastOffset: string): void {
    this.pending.set(`${topic}\u0000${partition}`, {
      topic,
      partition,
      offset: (BigInt(lastOffset) + 1n).toString(),
    });
    this.schedule();
  }

  /** Commits what is pending now (after any commit still in flight); never rejects. */
  commit(): Promise<void> {
    this.chain = this.chain.then(() => this.commitPending());
    return this.chain;
  }

  /** Stops the timer and commits what is pending (call before `consumer.disconnect`). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.commit();
  }

  private schedule(): void {
    if (!this.running || this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.commit().then(() => this.schedule()); // a failed commit put its offsets back
    }, this.intervalMs).unref();
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.entries()];
    this.pending.clear();
    try {
      await this.consumer.commitOffsets(offsets.map(([, o]) => o));
    } catch (e) {
      // put back for the next round, unless a later batch of the partition replaced it meanwhile
      for (const [key, o] of offsets) if (!this.pending.has(key)) this.pending.set(key, o);
      this.logger.warn({
        message: 'offset commit failed, retrying at the next interval',
        error: (e as Error).message,
      });
    }
  }

  private keepAssigned(assignment: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.pending)
      if (!assignment[topic]?.includes(partition)) this.pending.delete(key);
  }
}
