import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { EntryKind, OwnedAccountType } from '../../domain/ledger';
import { WalletErrors } from '../../domain/wallet.errors';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { LedgerLines, ListLedgerQuery } from './list-ledger.query';

interface LineRow {
  entry_id: string;
  kind: EntryKind;
  account_type: OwnedAccountType;
  amount: string;
  reference: string;
  details: Record<string, string>;
  created_at: Date;
}

/** A user's statement: the postings to their available, held and proceeds accounts, newest first. */
@QueryHandler(ListLedgerQuery)
export class ListLedgerHandler implements IQueryHandler<ListLedgerQuery, LedgerLines> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId, limit, offset }: ListLedgerQuery): Promise<LedgerLines> {
    const exists = await this.dataSource.getRepository(WalletAccountEntity).existsBy({ userId });
    if (!exists) throw WalletErrors.notFound(userId);
    const rows: LineRow[] = await this.dataSource.query(
      `SELECT p.entry_id, e.kind, p.account_type, p.amount, e.reference, e.details, e.created_at
       FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
       WHERE p.owner_id = $1
       ORDER BY e.created_at DESC, p.entry_id, p.account_type LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    return {
      currency: WALLET_CURRENCY,
      items: rows.map((r) => ({
        entryId: r.entry_id,
        kind: r.kind,
        account: r.account_type,
        amount: Number(r.amount),
        reference: r.reference,
        details: r.details,
        at: r.created_at.toISOString(),
      })),
    };
  }
}
