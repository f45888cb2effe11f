import type { EntityManager } from 'typeorm';
import type { Challenge } from '../domain/linked-address';

interface ChallengeRow {
  nonce: string;
  user_id: string;
  message: string;
  expires_at: Date;
  used_at: Date | null;
}

const toChallenge = (r: ChallengeRow): Challenge => ({
  nonce: r.nonce,
  userId: r.user_id,
  message: r.message,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

export interface LinkedAddress {
  address: string;
  verifiedAt: Date;
}

/** How many of a user's recent challenges a signature is tried against when no nonce is given. */
const RECENT_CHALLENGES = 20;

/** SQL for challenges and linked addresses, in the caller's transaction. */
export const LinkedAddressRepository = {
  async insertChallenge(manager: EntityManager, c: Challenge): Promise<void> {
    await manager.query(
      `INSERT INTO address_challenges (nonce, user_id, message, expires_at) VALUES ($1, $2, $3, $4)`,
      [c.nonce, c.userId, c.message, c.expiresAt],
    );
  },

  /** The user's challenge with this nonce, or the user's most recent ones (newest first), locked. */
  async lockChallenges(manager: EntityManager, userId: string, nonce?: string): Promise<Challenge[]> {
    const rows: ChallengeRow[] = nonce
      ? await manager.query(
          `SELECT nonce, user_id, message, expires_at, used_at FROM address_challenges
           WHERE user_id = $1 AND nonce = $2 FOR UPDATE`,
          [userId, nonce],
        )
      : await manager.query(
          `SELECT nonce, user_id, message, expires_at, used_at FROM address_challenges WHERE user_id = $1
           ORDER BY created_at DESC LIMIT ${RECENT_CHALLENGES} FOR UPDATE`,
          [userId],
        );
    return rows.map(toChallenge);
  },

  async markUsed(manager: EntityManager, nonce: string, at: Date): Promise<void> {
    await manager.query(`UPDATE address_challenges SET used_at = $2 WHERE nonce = $1`, [nonce, at]);
  },

  /** The owner of an address (lower-case), locked so two users cannot link it at once. */
  async ownerOf(
    manager: EntityManager,
    address: string,
  ): Promise<{ userId: string; verifiedAt: Date } | undefined> {
    const rows: { user_id: string; verified_at: Date }[] = await manager.query(
      `SELECT user_id, verified_at FROM linked_addresses WHERE address = $1 FOR UPDATE`,
      [address],
    );
    return rows[0] ? { userId: rows[0].user_id, verifiedAt: rows[0].verified_at } : undefined;
  },

  /** False when another transaction linked the address first (the primary key decides). */
  async insertLink(
    manager: EntityManager,
    link: { address: string; displayAddress: string; userId: string; nonce: string; verifiedAt: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO linked_addresses (address, display_address, user_id, nonce, verified_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (address) DO NOTHING RETURNING address`,
      [link.address, link.displayAddress, link.userId, link.nonce, link.verifiedAt],
    );
    return rows.length > 0;
  },

  async addressesOf(manager: EntityManager, userId: string): Promise<LinkedAddress[]> {
    const rows: { display_address: string; verified_at: Date }[] = await manager.query(
      `SELECT display_address, verified_at FROM linked_addresses WHERE user_id = $1 ORDER BY verified_at, address`,
      [userId],
    );
    return rows.map((r) => ({ address: r.display_address, verifiedAt: r.verified_at }));
  },
};
