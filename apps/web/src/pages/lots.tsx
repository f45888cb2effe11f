import { FormEvent, useEffect, useState } from 'react';
import { describe, get } from '../api';
import { fromHit, fromLot, Lot, LotCard, SearchAnswer } from '../lot';
import { Link, setQuery, useQuery } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle, Pager, Status } from '../ui';
import { LotCardView } from './lot-card';

type Show = 'open' | 'ending' | 'closed' | 'all';
type Sort = 'ending' | 'ended' | 'newest' | 'price' | 'price_desc';

const SHOWS: { value: Show; label: string; empty: string }[] = [
  { value: 'open', label: 'Open', empty: 'No open lots yet.' },
  { value: 'ending', label: 'Ending soon (within 1 hour)', empty: 'Nothing ends within the hour.' },
  { value: 'closed', label: 'Closed', empty: 'No closed lots yet.' },
  { value: 'all', label: 'All lots', empty: 'No lots yet.' },
];
const SORTS: { value: Sort; label: string }[] = [
  { value: 'ending', label: 'Ending soonest' },
  { value: 'ended', label: 'Ended most recently' },
  { value: 'newest', label: 'Newest' },
  { value: 'price', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
];
const HOUR_S = 3600;
const PAGE_SIZE = 24;

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;
const sortsFor = (show: Show): Sort[] =>
  show === 'closed'
    ? ['ended', 'newest', 'price', 'price_desc']
    : ['ending', 'newest', 'price', 'price_desc'];
const intOf = (value: string | null, fallback: number, min: number, max: number): number => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

/** GET /lots with the page's filter, sort and paging (the lot service filters and sorts). */
function listPath(show: Show, sort: Sort, seller: string, limit: number, offset: number): string {
  const q = new URLSearchParams({ sort, limit: String(limit), offset: String(offset) });
  if (show === 'open') q.set('status', 'OPEN');
  if (show === 'closed') q.set('status', 'CLOSED');
  if (show === 'ending') q.set('endingWithinS', String(HOUR_S));
  if (seller) q.set('sellerId', seller);
  return `/lots?${q.toString()}`;
}

/** Search hits (at most one page from the index) filtered and sorted like the list. */
function arrange(cards: LotCard[], show: Show, sort: Sort): LotCard[] {
  const soon = Date.now() + HOUR_S * 1000;
  const kept = cards.filter((c) =>
    show === 'open'
      ? c.status === 'OPEN'
      : show === 'closed'
        ? c.status !== 'OPEN'
        : show === 'ending'
          ? c.status === 'OPEN' && new Date(c.endsAt).getTime() <= soon
          : true,
  );
  const price = (c: LotCard): number => Number(c.price);
  const ends = (c: LotCard): number => new Date(c.endsAt).getTime();
  const by: Record<Sort, (a: LotCard, b: LotCard) => number> = {
    ending: (a, b) => ends(a) - ends(b),
    ended: (a, b) => ends(b) - ends(a),
    newest: () => 0,
    price: (a, b) => price(a) - price(b),
    price_desc: (a, b) => price(b) - price(a),
  };
  return [...kept].sort(by[sort]);
}

/**
 * Lots as cards (photo, price, live countdown): open, ending within the hour, closed or all, sorted and
 * paged by the lot service; or full-text search results. Everything the page shows is in its address
 * (`?show=&sort=&offset=&q=&seller=`), so a filtered list can be shared and Back undoes a change.
 */
export function LotsPage() {
  const { me } = useSession();
  const params = useQuery();
  const show = oneOf(
    params.get('show'),
    SHOWS.map((s) => s.value),
    'open',
  );
  const sort = oneOf(params.get('sort'), sortsFor(show), sortsFor(show)[0]);
  const searched = params.get('q') ?? '';
  const seller = params.get('seller') ?? '';
  const limit = intOf(params.get('limit'), PAGE_SIZE, 1, 96);
  const offset = intOf(params.get('offset'), 0, 0, 1_000_000);
  const [query, setQueryText] = useState(searched);
  const [page, setPage] = useState<{ lots: LotCard[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setQueryText(searched), [searched]);

  useEffect(() => {
    let live = true;
    setError(null);
    setPage(null);
    const load = searched
      ? get<SearchAnswer>(`/lots/search?q=${encodeURIComponent(searched)}`).then((r) => {
          const lots = arrange(r.hits.map(fromHit), show, sort);
          return { lots, total: lots.length };
        })
      : get<{ lots: Lot[]; total: number }>(listPath(show, sort, seller, limit, offset)).then((r) => ({
          lots: r.lots.map(fromLot),
          total: r.total,
        }));
    load.then((p) => live && setPage(p)).catch((e: unknown) => live && setError(describe(e)));
    return () => {
      live = false;
    };
  }, [searched, show, sort, seller, limit, offset]);

  /** Changes some of the address's parameters; any change but paging goes back to the first page. */
  const change = (next: Record<string, string | null>): void => {
    const q = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(next)) {
      if (value === null || value === '') q.delete(key);
      else q.set(key, value);
    }
    if (!('offset' in next)) q.delete('offset');
    setQuery(q);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    change({ q: query.trim() });
  };

  const onShow = (value: Show): void => {
    // "Ending soonest" means little for closed lots: they sort by when they ended instead.
    const nextSort = sortsFor(value).includes(sort) ? sort : sortsFor(value)[0];
    change({ show: value, sort: nextSort });
  };

  const current = SHOWS.find((s) => s.value === show) ?? SHOWS[0];
  const listName = searched ? `Results for ${searched}` : `${current.label} lots`;
  const lots = page?.lots ?? null;
  const total = page?.total ?? 0;

  return (
    <section>
      <PageTitle>Lots</PageTitle>
      {seller && (
        <p className="notice">
          Lots by one seller.{' '}
          <button type="button" className="link" onClick={() => change({ seller: null })}>
            Show every seller
          </button>
        </p>
      )}
      <form role="search" className="row" onSubmit={submit}>
        <label htmlFor="lot-search" className="sr-only">
          Search lots
        </label>
        <input
          id="lot-search"
          type="search"
          placeholder="Search lots"
          value={query}
          onChange={(e) => setQueryText(e.target.value)}
        />
        <button type="submit">Search</button>
        {searched && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setQueryText('');
              change({ q: null });
            }}
          >
            Clear search
          </button>
        )}
      </form>
      <div className="controls" role="group" aria-label="Filter and sort">
        <div className="control">
          <label htmlFor="lot-show">Show</label>
          <select id="lot-show" value={show} onChange={(e) => onShow(e.target.value as Show)}>
            {SHOWS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="control">
          <label htmlFor="lot-sort">Sort by</label>
          <select id="lot-sort" value={sort} onChange={(e) => change({ sort: e.target.value })}>
            {SORTS.filter((s) => sortsFor(show).includes(s.value)).map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={error} />
      {lots === null && !error && <Status>Loading lots…</Status>}
      {lots?.length === 0 && (
        <div className="empty" role="status" data-testid="empty">
          <p>
            {searched ? `No lots match “${searched}”.` : offset > 0 ? 'No more lots here.' : current.empty}
          </p>
          {offset > 0 && !searched && (
            <button type="button" onClick={() => change({ offset: null })}>
              Back to the first page
            </button>
          )}
          {me?.roles.includes('seller') && show !== 'closed' && (
            <Link to="/lots/new">Put the first lot up for auction</Link>
          )}
        </div>
      )}
      {lots && lots.length > 0 && (
        <>
          <ul className="cards" aria-label={listName}>
            {lots.map((lot) => (
              <LotCardView key={lot.id} lot={lot} />
            ))}
          </ul>
          {!searched && (
            <Pager
              offset={offset}
              limit={limit}
              shown={lots.length}
              total={total}
              onPage={(next) => change({ offset: String(next) })}
            />
          )}
        </>
      )}
    </section>
  );
}
