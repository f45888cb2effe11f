import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SettlementKind } from '../domain/escrow';

/** How a capture's escrow settled: paid out to a seller (minus the fee) or refunded to the buyer. */
@Entity({ name: 'escrow_settlements' })
export class EscrowSettlementEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** At most one settlement in force (reversed_by null) per capture. */
  @Column({ name: 'capture_id', type: 'uuid' })
  captureId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: SettlementKind;

  @Column({ name: 'seller_id', type: 'varchar', length: 64, nullable: true })
  sellerId: string | null;

  @Column({ name: 'fee_bps', type: 'integer' })
  feeBps: number;

  @Column({ type: 'bigint' })
  fee: string;

  /** What left escrow for the seller (net of the fee) or, for a refund, the buyer. */
  @Column({ type: 'bigint' })
  payout: string;

  @Column({ name: 'command_id', type: 'varchar', length: 255, unique: true })
  commandId: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @Column({ name: 'reversed_by', type: 'varchar', length: 255, nullable: true })
  reversedBy: string | null;

  @Column({ name: 'reversal_entry_id', type: 'uuid', nullable: true })
  reversalEntryId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt: Date | null;
}
