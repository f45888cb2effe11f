import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A single-use message a user signs to link an address; expires 10 minutes after issue. */
@Entity({ name: 'address_challenges' })
export class AddressChallengeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
