import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'wallet_accounts' })
export class WalletAccountEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /**
   * Deposits credited, minus captured holds (integer minor units): the ledger's `available` + `held`.
   * This row is a projection of the journal (ledger_postings), updated in the same transaction.
   */
  @Column({ type: 'bigint' })
  balance: string;

  /** Sum of active holds (integer minor units). */
  @Column({ type: 'bigint', default: '0' })
  held: string;

  /** A seller's proceeds: sales paid out of escrow, net of the platform's fee (integer minor units). */
  @Column({ type: 'bigint', default: '0' })
  proceeds: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
