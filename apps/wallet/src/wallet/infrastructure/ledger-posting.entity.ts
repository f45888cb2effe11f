import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountType } from '../domain/ledger';

/** A signed amount on one account; the postings of an entry add up to zero. */
@Entity({ name: 'ledger_postings' })
export class LedgerPostingEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @PrimaryColumn({ name: 'account_type', type: 'varchar', length: 16 })
  accountType: AccountType;

  /** The user for available / held / proceeds; empty for the platform's accounts. */
  @PrimaryColumn({ name: 'owner_id', type: 'varchar', length: 64, default: '' })
  ownerId: string;

  /** Integer minor units; positive adds to the account. */
  @Column({ type: 'bigint' })
  amount: string;
}
