import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { HoldStatus } from '../domain/hold';

@Entity({ name: 'holds' })
export class HoldEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  /** Integer minor units. */
  @Column({ type: 'bigint' })
  amount: string;

  /** What the hold is for, e.g. `order:<orderId>` or `bid:<bidId>`. */
  @Column({ type: 'varchar', length: 255 })
  reference: string;

  @Column({ type: 'varchar', length: 16 })
  status: HoldStatus;

  /** The saga command that placed it (a release finds the hold by this id). */
  @Column({ name: 'command_id', type: 'varchar', length: 255, unique: true })
  commandId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
