import { useState } from 'react';
import { ApiError, call, describe } from '../api';
import { canAnswer, failedSaleText, readerOf } from '../failed-sale';
import type { Lot } from '../lot';
import { formatMoney } from '../money';
import { Link } from '../router';
import { when } from '../ui';

/**
 * A closed lot whose winner's order failed: what happened and what happens next; for the runner-up, the
 * second-chance offer with its deadline and Accept / Decline (POST /lots/:id/second-chance/accept|decline).
 */
export function FailedSalePanel({
  lot,
  userId,
  onAnswered,
}: {
  lot: Lot;
  userId: string | undefined;
  onAnswered: (lot: Lot) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; funds: boolean } | null>(null);
  const reader = readerOf(lot, userId);
  const text = failedSaleText(lot, reader, { money: formatMoney, time: when });
  if (!text) return null;
  const offer = lot.secondChance;

  async function answer(what: 'accept' | 'decline'): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      onAnswered((await call<Lot>('POST', `/lots/${lot.id}/second-chance/${what}`, {})).body);
    } catch (e) {
      const funds = e instanceof ApiError && e.code === 'WALLET.INSUFFICIENT_FUNDS';
      setProblem({
        funds,
        message: funds ? 'Your spendable balance no longer covers your bid.' : describe(e),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="failed-sale-heading" className="panel" data-testid="failed-sale">
      <h2 id="failed-sale-heading">Sale outcome</h2>
      <p data-testid="failed-sale-text">{text}</p>
      {offer && canAnswer(lot, reader, new Date()) && (
        <div role="group" aria-label="Second-chance offer" className="row">
          <button type="button" disabled={busy} onClick={() => void answer('accept')}>
            Accept and buy for {formatMoney(offer.amount)}
          </button>
          <button type="button" disabled={busy} onClick={() => void answer('decline')}>
            Decline the offer
          </button>
        </div>
      )}
      {problem && (
        <div role="alert" className="notice error" data-testid="second-chance-problem">
          <p>{problem.message}</p>
          {problem.funds && (
            <p>
              <Link to="/wallet">Top up your wallet</Link> and accept before the offer expires.
            </p>
          )}
        </div>
      )}
      {lot.relistedAsLotId && (
        <p>
          <Link to={`/lots/${lot.relistedAsLotId}`}>See the new auction</Link>
        </p>
      )}
    </section>
  );
}
