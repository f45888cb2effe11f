import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReservationStatus } from '../domain/stock';

@Entity({ name: 'reservations' })
export class ReservationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 255 })
  orderId: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar', length: 16 })
  status: ReservationStatus;

  /** The saga command that made it (unique): `warehouse.release` finds it by its forwardCommandId. */
  @Column({ name: 'command_id', type: 'varchar', length: 255, unique: true })
  commandId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
