import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'items' })
export class ItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'seller_id', type: 'varchar', length: 64 })
  sellerId: string;

  /** Units physically in stock. */
  @Column({ name: 'on_hand', type: 'integer' })
  onHand: number;

  /** Units held by ACTIVE reservations; never above on_hand (CHECK constraint). */
  @Column({ type: 'integer', default: 0 })
  reserved: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
