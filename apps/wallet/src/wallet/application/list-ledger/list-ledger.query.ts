import type { EntryKind, OwnedAccountType } from '../../domain/ledger';

export class ListLedgerQuery {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

/** One line of a user's statement: a posting to one of their accounts, with its entry. */
export interface LedgerLineView {
  entryId: string;
  kind: EntryKind;
  account: OwnedAccountType;
  /** Signed integer minor units: positive adds to the account. */
  amount: number;
  reference: string;
  details: Record<string, string>;
  at: string;
}

export interface LedgerLines {
  currency: string;
  items: LedgerLineView[];
}
