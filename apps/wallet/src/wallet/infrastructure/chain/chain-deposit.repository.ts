import type { EntityManager } from 'typeorm';
import type { Conversion, ObservedDeposit } from '../../domain/chain-deposit';

export interface ChainCursor {
  /** The last block scanned (−1 before block 0). */
  blockNumber: number;
  /** Its hash, when known: the next scan checks that its first block builds on it. */
  blockHash: string | null;
}

export interface DepositAddressRow {
  userId: string;
  derivationIndex: number;
  /** Checksummed, as handed out. */
  address: string;
  keyFingerprint: string;
  createdAt: Date;
}

export interface ChainDepositRow {
  id: string;
  chainId: number;
  txHash: string;
  blockNumber: number;
  from: string;
  to: string;
  valueWei: string;
  weiPerMinorUnit: string;
  amount: string;
  remainderWei: string;
  currency: string;
  entryId: string | null;
  creditedAt: Date;
}

interface AddressRow {
  user_id: string;
  derivation_index: number;
  display_address: string;
  key_fingerprint: string;
  created_at: Date;
}

interface DepositRow {
  id: string;
  chain_id: string;
  tx_hash: string;
  block_number: string;
  from_address: string;
  to_address: string;
  value_wei: string;
  wei_per_minor_unit: string;
  amount: string;
  remainder_wei: string;
  currency: string;
  entry_id: string | null;
  credited_at: Date;
}

const toAddress = (r: AddressRow): DepositAddressRow => ({
  userId: r.user_id,
  derivationIndex: r.derivation_index,
  address: r.display_address,
  keyFingerprint: r.key_fingerprint,
  createdAt: r.created_at,
});

/** SQL for deposit addresses, the watcher's cursor and credited chain deposits, in the caller's transaction. */
export const ChainDepositRepository = {
  /**
   * The chain's cursor, locked until the transaction ends: 'busy' while another replica's watcher holds
   * it (SKIP LOCKED: nobody waits), undefined when there is none yet.
   */
  async lockCursor(manager: EntityManager, chainId: number): Promise<ChainCursor | 'busy' | undefined> {
    const rows: { block_number: string; block_hash: string | null }[] = await manager.query(
      `SELECT block_number, block_hash FROM chain_cursors WHERE chain_id = $1 FOR UPDATE SKIP LOCKED`,
      [chainId],
    );
    if (rows[0]) return { blockNumber: Number(rows[0].block_number), blockHash: rows[0].block_hash };
    return (await this.cursorExists(manager, chainId)) ? 'busy' : undefined;
  },

  async cursorExists(manager: EntityManager, chainId: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM chain_cursors WHERE chain_id = $1`, [chainId]);
    return rows.length > 0;
  },

  /** The first cursor of a chain; a no-op when another replica created it first. */
  async createCursor(manager: EntityManager, chainId: number, cursor: ChainCursor): Promise<void> {
    await manager.query(
      `INSERT INTO chain_cursors (chain_id, block_number, block_hash) VALUES ($1, $2, $3)
       ON CONFLICT (chain_id) DO NOTHING`,
      [chainId, cursor.blockNumber, cursor.blockHash],
    );
  },

  async moveCursor(manager: EntityManager, chainId: number, cursor: ChainCursor): Promise<void> {
    await manager.query(
      `UPDATE chain_cursors SET block_number = $2, block_hash = $3, updated_at = now() WHERE chain_id = $1`,
      [chainId, cursor.blockNumber, cursor.blockHash],
    );
  },

  /** The users of those of `addresses` (lower case) that are deposit addresses. */
  async ownersOf(manager: EntityManager, addresses: string[]): Promise<Map<string, string>> {
    if (addresses.length === 0) return new Map();
    const rows: { address: string; user_id: string }[] = await manager.query(
      `SELECT address, user_id FROM deposit_addresses WHERE address = ANY($1::text[])`,
      [addresses],
    );
    return new Map(rows.map((r) => [r.address, r.user_id]));
  },

  /** Which of these transactions were already recorded on this chain. */
  async recorded(manager: EntityManager, chainId: number, txHashes: string[]): Promise<Set<string>> {
    if (txHashes.length === 0) return new Set();
    const rows: { tx_hash: string }[] = await manager.query(
      `SELECT tx_hash FROM chain_deposits WHERE chain_id = $1 AND tx_hash = ANY($2::text[])`,
      [chainId, txHashes],
    );
    return new Set(rows.map((r) => r.tx_hash));
  },

  async insertDeposit(
    manager: EntityManager,
    d: {
      id: string;
      chainId: number;
      deposit: ObservedDeposit;
      weiPerMinorUnit: bigint;
      conversion: Conversion;
      currency: string;
      entryId: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO chain_deposits (id, chain_id, tx_hash, block_number, block_hash, from_address, to_address,
         user_id, value_wei, wei_per_minor_unit, amount, remainder_wei, currency, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        d.id,
        d.chainId,
        d.deposit.txHash,
        d.deposit.blockNumber,
        d.deposit.blockHash,
        d.deposit.from,
        d.deposit.to,
        d.deposit.userId,
        d.deposit.wei.toString(),
        d.weiPerMinorUnit.toString(),
        d.conversion.amount.toString(),
        d.conversion.remainderWei.toString(),
        d.currency,
        d.entryId,
      ],
    );
  },

  async addressOf(manager: EntityManager, userId: string): Promise<DepositAddressRow | undefined> {
    const rows: AddressRow[] = await manager.query(
      `SELECT user_id, derivation_index, display_address, key_fingerprint, created_at
       FROM deposit_addresses WHERE user_id = $1`,
      [userId],
    );
    return rows[0] && toAddress(rows[0]);
  },

  /** The next derivation index: unique and never reused (a rolled-back allocation leaves a gap). */
  async nextIndex(manager: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT nextval('deposit_address_index_seq')::int AS n`,
    );
    return row.n;
  },

  async insertAddress(
    manager: EntityManager,
    a: { userId: string; derivationIndex: number; address: string; keyFingerprint: string },
  ): Promise<DepositAddressRow> {
    const rows: AddressRow[] = await manager.query(
      `INSERT INTO deposit_addresses (user_id, derivation_index, address, display_address, key_fingerprint)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING user_id, derivation_index, display_address, key_fingerprint, created_at`,
      [a.userId, a.derivationIndex, a.address.toLowerCase(), a.address, a.keyFingerprint],
    );
    return toAddress(rows[0]);
  },

  /** A user's chain deposits, newest first. */
  async depositsOf(
    manager: EntityManager,
    userId: string,
    page: { limit: number; offset: number },
  ): Promise<ChainDepositRow[]> {
    const rows: DepositRow[] = await manager.query(
      `SELECT id, chain_id::text, tx_hash, block_number::text, from_address, to_address, value_wei::text,
              wei_per_minor_unit::text, amount::text, remainder_wei::text, currency, entry_id, credited_at
       FROM chain_deposits WHERE user_id = $1
       ORDER BY credited_at DESC, block_number DESC, tx_hash LIMIT $2 OFFSET $3`,
      [userId, page.limit, page.offset],
    );
    return rows.map((r) => ({
      id: r.id,
      chainId: Number(r.chain_id),
      txHash: r.tx_hash,
      blockNumber: Number(r.block_number),
      from: r.from_address,
      to: r.to_address,
      valueWei: r.value_wei,
      weiPerMinorUnit: r.wei_per_minor_unit,
      amount: r.amount,
      remainderWei: r.remainder_wei,
      currency: r.currency.trim(),
      entryId: r.entry_id,
      creditedAt: r.credited_at,
    }));
  },
};
