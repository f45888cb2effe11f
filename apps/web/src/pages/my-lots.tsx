import { useCallback, useEffect, useState } from 'react';
import { describe, get } from '../api';
import { Countdown } from '../countdown';
import { stageLabel } from '../failed-sale';
import { Lot, priceOf } from '../lot';
import { formatMoney } from '../money';
import { Link, setQuery, useQuery } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle, Pager, Status, when } from '../ui';
import { LotPhoto } from './lot-card';
import { OrderStatus } from './order-status';

type Show = 'all' | 'OPEN' | 'CLOSED';

const SHOWS: { value: Show; label: string; empty: string }[] = [
  { value: 'all', label: 'All my lots', empty: 'You have not put any lot up for auction yet.' },
  { value: 'OPEN', label: 'Open', empty: 'None of your lots is open.' },
  { value: 'CLOSED', label: 'Closed', empty: 'None of your lots has closed yet.' },
];
const PAGE_SIZE = 20;

/** Why a closed lot did not sell, in words. */
const UNSOLD_TEXT: Record<string, string> = {
  NO_BIDS: 'Not sold: no bids',
  RESERVE_NOT_MET: 'Not sold: the reserve was not met',
};

function outcomeOf(lot: Lot): string {
  if (lot.status === 'OPEN') return lot.bidCount > 0 ? 'Open, bids coming in' : 'Open, no bids yet';
  const failed = stageLabel(lot);
  if (failed && lot.stage === 'SECOND_CHANCE_OFFERED' && lot.secondChance)
    return `${failed}: ${formatMoney(lot.secondChance.amount)} until ${when(lot.secondChance.expiresAt)}`;
  if (failed && lot.stage === 'SOLD_TO_RUNNER_UP' && lot.secondChance)
    return `${failed} for ${formatMoney(lot.secondChance.amount)}`;
  if (failed) return failed;
  if (lot.outcome === 'SOLD') return `Sold for ${formatMoney(priceOf(lot))}`;
  return UNSOLD_TEXT[lot.closeReason ?? ''] ?? 'Not sold';
}

/** The signed-in seller's lots (GET /me/lots): status, price, bids, time left, outcome and the buyer's order. */
export function MyLotsPage() {
  const { me, loading } = useSession();
  const isSeller = !!me?.roles.includes('seller');
  const params = useQuery();
  const show = SHOWS.find((s) => s.value === params.get('show'))?.value ?? 'all';
  const offset = Math.max(0, Math.min(1_000_000, Number(params.get('offset')) || 0));
  const [page, setPage] = useState<{ lots: Lot[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
    if (show !== 'all') q.set('status', show);
    try {
      setError(null);
      setPage(await get<{ lots: Lot[]; total: number }>(`/me/lots?${q.toString()}`));
    } catch (e) {
      setError(describe(e));
    }
  }, [show, offset]);

  useEffect(() => {
    setPage(null);
    if (isSeller) void load();
  }, [isSeller, load]);

  const change = (next: { show?: Show; offset?: number }): void => {
    const q = new URLSearchParams();
    const nextShow = next.show ?? show;
    if (nextShow !== 'all') q.set('show', nextShow);
    if (next.offset) q.set('offset', String(next.offset));
    setQuery(q);
  };

  if (loading) return <Status>Loading…</Status>;
  if (!isSeller)
    return (
      <section>
        <PageTitle>My lots</PageTitle>
        <p>
          <Link to="/login">Sign in</Link> with a seller account to see the lots you sell.
        </p>
      </section>
    );

  const current = SHOWS.find((s) => s.value === show) ?? SHOWS[0];
  const lots = page?.lots ?? null;
  return (
    <section>
      <PageTitle>My lots</PageTitle>
      <div className="controls">
        <div className="control">
          <label htmlFor="my-lots-show">Show</label>
          <select id="my-lots-show" value={show} onChange={(e) => change({ show: e.target.value as Show })}>
            {SHOWS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <p className="grow">
          <Link to="/lots/new">Sell another lot</Link>
        </p>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={error} />
      {lots === null && !error && <Status>Loading your lots…</Status>}
      {lots?.length === 0 && (
        <div className="empty" role="status" data-testid="empty">
          <p>{offset > 0 ? 'No more lots here.' : current.empty}</p>
          <Link to="/lots/new">Put a lot up for auction</Link>
        </div>
      )}
      {lots && lots.length > 0 && (
        <ul className="cards" aria-label={current.label}>
          {lots.map((lot) => (
            <SellerLotCard key={lot.id} lot={lot} />
          ))}
        </ul>
      )}
      {page && page.total > PAGE_SIZE && (
        <Pager
          offset={offset}
          limit={PAGE_SIZE}
          shown={lots?.length ?? 0}
          total={page.total}
          onPage={(next) => change({ offset: next })}
        />
      )}
    </section>
  );
}

function SellerLotCard({ lot }: { lot: Lot }) {
  const open = lot.status === 'OPEN';
  return (
    <li className="card" data-testid="seller-lot">
      <LotPhoto title={lot.title} photoUrl={lot.photoUrl} />
      <h2>
        <Link to={`/lots/${lot.id}`}>{lot.title}</Link>
      </h2>
      <p>
        <span className={`badge outcome-${open ? 'open' : (lot.outcome ?? 'closed').toLowerCase()}`}>
          {open
            ? 'Open'
            : lot.saleStatus === 'FAILED'
              ? 'Sale failed'
              : lot.outcome === 'SOLD'
                ? 'Sold'
                : 'Not sold'}
        </span>
      </p>
      <dl className="facts">
        <dt>{open ? 'Current price' : 'Final price'}</dt>
        <dd data-testid="price">{formatMoney(priceOf(lot))}</dd>
        <dt>Bids</dt>
        <dd data-testid="bids">{lot.bidCount}</dd>
        <dt>Outcome</dt>
        <dd data-testid="outcome">{outcomeOf(lot)}</dd>
      </dl>
      <Countdown endsAt={lot.endsAt} closed={!open} compact />
      {lot.outcome === 'SOLD' && <OrderStatus lotId={lot.id} forSeller />}
    </li>
  );
}
