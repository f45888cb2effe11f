import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { EntryKind } from '../domain/ledger';

/** One movement of money (append-only; its postings balance). See docs/money.md. */
@Entity({ name: 'ledger_entries' })
export class LedgerEntryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: EntryKind;

  /** The saga command, deposit or migration that caused it; unique, so nothing is posted twice. */
  @Column({ name: 'cause_id', type: 'varchar', length: 255, unique: true })
  causeId: string;

  @Column({ name: 'saga_id', type: 'varchar', length: 255, nullable: true })
  sagaId: string | null;

  @Column({ type: 'varchar', length: 255 })
  reference: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
