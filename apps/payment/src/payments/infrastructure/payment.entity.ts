import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PaymentStatus } from '../domain/payment';

/** One payment per order, charged from the buyer's wallet hold. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 255, unique: true })
  orderId: string;

  @Column({ name: 'buyer_id', type: 'varchar', length: 64 })
  buyerId: string;

  @Column({ name: 'seller_id', type: 'varchar', length: 64 })
  sellerId: string;

  @Column({ name: 'hold_id', type: 'uuid' })
  holdId: string;

  /** Integer minor units. */
  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'varchar', length: 16 })
  status: PaymentStatus;

  /** Why a payment was declined. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'charge_command_id', type: 'varchar', length: 255, unique: true })
  chargeCommandId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
