import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An Ethereum address proven (EIP-191 signature) to belong to a user; linked to one user at most. */
@Entity({ name: 'linked_addresses' })
export class LinkedAddressEntity {
  /** Lower-case 0x address (the key: checksum case never makes two rows). */
  @PrimaryColumn({ type: 'varchar', length: 42 })
  address: string;

  /** EIP-55 checksummed form, for display. */
  @Column({ name: 'display_address', type: 'varchar', length: 42 })
  displayAddress: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  /** The challenge whose signature proved the address. */
  @Column({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ name: 'verified_at', type: 'timestamptz' })
  verifiedAt: Date;
}
