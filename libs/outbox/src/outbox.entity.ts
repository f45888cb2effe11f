import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The transactional outbox. Debezium's Outbox Event Router turns each inserted row into a Kafka
 * record: topic = aggregatetype, key = aggregateid, value = payload, metadata columns → headers.
 * Rows can be pruned at any time after commit: the replication slot keeps the WAL until captured.
 */
@Entity({ name: 'outbox' })
export class OutboxRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 255 })
  aggregatetype: string;

  @Column({ type: 'varchar', length: 255 })
  aggregateid: string;

  @Column({ type: 'varchar', length: 255 })
  type: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'correlation_id', type: 'varchar', length: 255, nullable: true })
  correlationId: string | null;

  @Column({ name: 'causation_id', type: 'varchar', length: 255, nullable: true })
  causationId: string | null;

  @Column({ name: 'saga_id', type: 'varchar', length: 255, nullable: true })
  sagaId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  traceparent: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Idempotent consumers: one row per (consumer, message id), written with the handler's effect. */
@Entity({ name: 'processed_messages' })
export class ProcessedMessage {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 255 })
  messageId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}

export const OUTBOX_ENTITIES = [OutboxRow, ProcessedMessage];
