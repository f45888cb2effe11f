import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Money that left a wallet when a hold was captured (deposits = balances + captures). */
@Entity({ name: 'captures' })
export class CaptureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'hold_id', type: 'uuid', unique: true })
  holdId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'varchar', length: 255 })
  reference: string;

  @Column({ name: 'command_id', type: 'varchar', length: 255 })
  commandId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
