import type { EntityManager } from 'typeorm';
import { appendToOutbox, OutboxMessage } from '@app/outbox';
import type { SagaEvent, SagaState } from '@app/saga';
import { SagaChangeFeed } from './saga-change-feed';
import { SagaEventMetadata, SagaEventStore } from './saga-event.store';
import { SagaProjection } from './saga-projection.repository';
import { SagaTimers } from './saga-timer.repository';

/**
 * Everything a group of decisions writes, gathered in memory and written at the end of the group with
 * one multi-row statement per table: the events, the outbox rows, the net timer changes (a timer
 * scheduled then cancelled in the group is only deleted), one projection row per saga (its last state)
 * and the change notifications. Written in the decisions' transaction, after their rows were locked.
 */
export class SagaWrites {
  readonly events: {
    sagaId: string;
    seq: number;
    event: SagaEvent;
    metadata: SagaEventMetadata;
    at: Date;
  }[] = [];
  readonly outbox: OutboxMessage[] = [];
  /** timerId → the schedule to upsert, or null to delete */
  readonly timers = new Map<string, { sagaId: string; at: number } | null>();
  /** sagaId → its state after the group's last decision, and when that was */
  readonly sagas = new Map<string, { state: SagaState; at: Date }>();
  readonly changed = new Set<string>();

  appendEvents(
    sagaId: string,
    expectedSeq: number,
    events: readonly SagaEvent[],
    metadata: SagaEventMetadata,
    at: Date,
  ): void {
    events.forEach((event, i) => this.events.push({ sagaId, seq: expectedSeq + i + 1, event, metadata, at }));
  }

  async flush(
    manager: EntityManager,
    parts: { store: SagaEventStore; projection: SagaProjection; timers: SagaTimers },
  ): Promise<void> {
    await parts.store.appendRows(manager, this.events);
    await appendToOutbox(manager, this.outbox);
    const cancelled = [...this.timers].filter(([, t]) => t === null).map(([id]) => id);
    const scheduled = [...this.timers].flatMap(([timerId, t]) => (t ? [{ timerId, ...t }] : []));
    await parts.timers.cancelMany(manager, cancelled);
    await parts.timers.scheduleMany(manager, scheduled);
    await parts.projection.saveMany(manager, [...this.sagas.values()]);
    await SagaChangeFeed.notifyMany(manager, [...this.changed]);
  }
}
