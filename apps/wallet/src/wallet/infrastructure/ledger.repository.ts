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

/** What posting several entries at once did: their ids (in the drafts' order) and the users' projections. */
export interface PostedEntries {
  entryIds: string[];
  accounts: Map<string, ProjectedAccount>;
}

/**
 * One statement appends the entries, their postings, and applies them to the users' projections
 * (`wallet_accounts.balance` = available + held, `held`, `proceeds`), in the caller's transaction.
 * The postings are inserted together: the database checks per statement that each entry balances
 * (trigger `ledger_postings_balanced`), and refuses a second entry with the same cause (`cause_id` is
 * unique), so a command applied twice cannot post twice. Every owner must have a wallet row (the
 * caller locks it before it decides; `FundsRepository.openAccount` opens a seller's), else nothing is
 * posted. Platform accounts have no stored balance (no hot row every capture would queue on): they are
 * sums of their postings. A user's projection changes once per statement, by the sum of the entries.
 */
export const LedgerRepository = {
  async post(manager: EntityManager, draft: JournalEntry): Promise<PostedEntry> {
    const { entryIds, accounts } = await LedgerRepository.postMany(manager, [draft]);
    return { entryId: entryIds[0], accounts };
  },

  async postMany(manager: EntityManager, drafts: readonly JournalEntry[]): Promise<PostedEntries> {
    if (drafts.length === 0) return { entryIds: [], accounts: new Map() };
    const entries = drafts.map((draft) => ({ id: randomUUID(), entry: journalEntry(draft) }));
    const postings = entries.flatMap(({ id, entry }) => entry.postings.map((p) => ({ id, p })));
    const deltas = ownerDeltas(postings.map(({ p }) => p));
    const { rows } = await preparedQuery<AccountRow>(
      manager,
      'wallet_ledger_post_many',
      `WITH entry AS (
         INSERT INTO ledger_entries (id, kind, cause_id, saga_id, reference, currency, details)
         SELECT e.id, e.kind, e.cause_id, e.saga_id, e.reference, $6, e.details
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $7::jsonb[])
           AS e(id, kind, cause_id, saga_id, reference, details)
         RETURNING id
       ), postings AS (
         INSERT INTO ledger_postings (entry_id, account_type, owner_id, amount)
         SELECT entry.id, p.account_type, p.owner_id, p.amount
         FROM unnest($8::uuid[], $9::text[], $10::text[], $11::bigint[]) AS p(entry_id, account_type, owner_id, amount)
         JOIN entry ON entry.id = p.entry_id
       )
       UPDATE wallet_accounts AS w SET
         balance = w.balance + d.balance,
         held = w.held + d.held,
         proceeds = w.proceeds + d.proceeds,
         updated_at = now()
       FROM unnest($12::text[], $13::bigint[], $14::bigint[], $15::bigint[]) AS d(user_id, balance, held, proceeds)
       WHERE w.user_id = d.user_id
       RETURNING w.user_id, w.balance, w.held, w.proceeds`,
      [
        entries.map((e) => e.id),
        entries.map((e) => e.entry.kind),
        entries.map((e) => e.entry.causeId),
        entries.map((e) => e.entry.sagaId ?? null),
        entries.map((e) => e.entry.reference),
        WALLET_CURRENCY,
        entries.map((e) => JSON.stringify(e.entry.details)),
        postings.map(({ id }) => id),
        postings.map(({ p }) => p.account.type),
        postings.map(({ p }) => ownerOf(p.account)),
        postings.map(({ p }) => p.amount.toString()),
        deltas.map((d) => d.owner),
        deltas.map((d) => d.balance.toString()),
        deltas.map((d) => d.held.toString()),
        deltas.map((d) => d.proceeds.toString()),
      ],
    );
    const accounts = new Map(rows.map((r) => [r.user_id, toAccount(r)]));
    const missing = deltas.filter((d) => !accounts.has(d.owner)).map((d) => d.owner);
    // Thrown, the caller's transaction rolls back: the entries and their postings are not kept either.
    if (missing.length > 0)
      throw new Error(
        `${entries.map((e) => e.entry.kind).join(', ')} entries post to users without a wallet: ${missing}`,
      );
    return { entryIds: entries.map((e) => e.id), accounts };
  },
};

const toAccount = (r: AccountRow): ProjectedAccount => ({
  userId: r.user_id,
  balance: BigInt(r.balance),
  held: BigInt(r.held),
  proceeds: BigInt(r.proceeds),
});
