import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import { JournalEntry, journalEntry, ownerDeltas, ownerOf } from '../domain/ledger';
import { WALLET_CURRENCY } from './ledger.config';

/** A user's projections after an entry was posted. */
export interface ProjectedAccount {
  userId: string;
  balance: bigint;
  held: bigint;
  proceeds: bigint;
}

export interface PostedEntry {
  entryId: string;
  accounts: Map<string, ProjectedAccount>;
}

interface AccountRow {
  user_id: string;
  balance: string;
  held: string;
  proceeds: string;
}

/**
 * One statement appends the entry, its postings, and applies them to the users' projections
 * (`wallet_accounts.balance` = available + held, `held`, `proceeds`), in the caller's transaction.
 * The postings of an entry are inserted together: the database checks per statement that they balance
 * (trigger `ledger_postings_balanced`), and refuses a second entry with the same cause (`cause_id` is
 * unique), so a command applied twice cannot post twice. Every owner must have a wallet row (the
 * caller locks it before it decides; `FundsRepository.openAccount` opens a seller's), else nothing is
 * posted. Platform accounts have no stored balance (no hot row every capture would queue on): they are
 * sums of their postings.
 */
export const LedgerRepository = {
  async post(manager: EntityManager, draft: JournalEntry): Promise<PostedEntry> {
    const entry = journalEntry(draft);
    const entryId = randomUUID();
    const deltas = ownerDeltas(entry.postings);
    const { rows } = await preparedQuery<AccountRow>(
      manager,
      'wallet_ledger_post',
      `WITH entry AS (
         INSERT INTO ledger_entries (id, kind, cause_id, saga_id, reference, currency, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
       ), postings AS (
         INSERT INTO ledger_postings (entry_id, account_type, owner_id, amount)
         SELECT entry.id, p.account_type, p.owner_id, p.amount
         FROM entry, unnest($8::text[], $9::text[], $10::bigint[]) AS p(account_type, owner_id, amount)
       )
       UPDATE wallet_accounts AS w SET
         balance = w.balance + d.balance,
         held = w.held + d.held,
         proceeds = w.proceeds + d.proceeds,
         updated_at = now()
       FROM unnest($11::text[], $12::bigint[], $13::bigint[], $14::bigint[]) AS d(user_id, balance, held, proceeds)
       WHERE w.user_id = d.user_id
       RETURNING w.user_id, w.balance, w.held, w.proceeds`,
      [
        entryId,
        entry.kind,
        entry.causeId,
        entry.sagaId ?? null,
        entry.reference,
        WALLET_CURRENCY,
        entry.details,
        entry.postings.map((p) => p.account.type),
        entry.postings.map((p) => ownerOf(p.account)),
        entry.postings.map((p) => p.amount.toString()),
        deltas.map((d) => d.owner),
        deltas.map((d) => d.balance.toString()),
        deltas.map((d) => d.held.toString()),
        deltas.map((d) => d.proceeds.toString()),
      ],
    );
    const accounts = new Map(rows.map((r) => [r.user_id, toAccount(r)]));
    const missing = deltas.filter((d) => !accounts.has(d.owner)).map((d) => d.owner);
    // Thrown, the caller's transaction rolls back: the entry and its postings are not kept either.
    if (missing.length > 0)
      throw new Error(`a ${entry.kind} entry posts to users without a wallet: ${missing}`);
    return { entryId, accounts };
  },
};

const toAccount = (r: AccountRow): ProjectedAccount => ({
  userId: r.user_id,
  balance: BigInt(r.balance),
  held: BigInt(r.held),
  proceeds: BigInt(r.proceeds),
});
