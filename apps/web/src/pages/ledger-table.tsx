import { useEffect, useState } from 'react';
import { describe, get } from '../api';
import { formatMoney } from '../money';
import { when } from '../ui';
import { kindText, LedgerLine, signedMoney } from '../wallet-money';

const PAGE_SIZE = 20;

const ACCOUNT_TEXT: Record<string, string> = {
  available: 'Available',
  held: 'Held',
  proceeds: 'Proceeds',
};

/**
 * The user's statement (GET /wallet/ledger), newest first, a page at a time: each posting to their
 * available, held or proceeds account with its kind, reference and signed amount. `version` reloads it.
 */
export function LedgerTable({ version }: { version: number }) {
  const [offset, setOffset] = useState(0);
  const [lines, setLines] = useState<LedgerLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    get<{ items: LedgerLine[] }>(`/wallet/ledger?limit=${PAGE_SIZE}&offset=${offset}`).then(
      (page) => {
        if (!live) return;
        setLines(page.items);
        setError(null);
      },
      (e: unknown) => live && setError(`Your history cannot be shown right now (${describe(e)}).`),
    );
    return () => {
      live = false;
    };
  }, [offset, version]);

  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">History</h2>
      {error && <p className="muted">{error}</p>}
      {lines === null && !error && <p className="muted">Loading your history…</p>}
      {lines?.length === 0 && (
        <p>{offset > 0 ? 'No older entries.' : 'Nothing has moved in your wallet yet.'}</p>
      )}
      {lines && lines.length > 0 && (
        <div className="scroll" role="region" aria-label="History table" tabIndex={0}>
          <table data-testid="ledger">
            <caption className="sr-only">Every movement of your money, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Account</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.entryId}:${l.account}`}>
                  <td>{when(l.at)}</td>
                  <td>
                    {kindText(l.kind)}
                    <span className="muted mono ref">{l.reference}</span>
                  </td>
                  <td>{ACCOUNT_TEXT[l.account] ?? l.account}</td>
                  <td className={`num ${l.amount < 0 ? 'debit' : 'credit'}`}>
                    {signedMoney(l.amount, formatMoney)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(offset > 0 || lines?.length === PAGE_SIZE) && (
        <nav className="pager" aria-label="History pages">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Newer
          </button>
          <button
            type="button"
            disabled={(lines?.length ?? 0) < PAGE_SIZE}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
