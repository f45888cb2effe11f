import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DeliveryAddress } from '@app/contracts';
import type { BookingStatus } from '../domain/booking';

@Entity({ name: 'bookings' })
export class BookingEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 255 })
  orderId: string;

  @Column({ name: 'slot_id', type: 'varchar', length: 64 })
  slotId: string;

  @Column({ type: 'jsonb' })
  address: DeliveryAddress;

  @Column({ type: 'varchar', length: 16 })
  status: BookingStatus;

  /** The saga command that made it (unique): `delivery.cancel` finds it by its forwardCommandId. */
  @Column({ name: 'command_id', type: 'varchar', length: 255, unique: true })
  commandId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
