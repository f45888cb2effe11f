import { FormEvent, useEffect, useState } from 'react';
import { describe, get } from '../api';
import { fromHit, fromLot, Lot, LotCard, SearchAnswer } from '../lot';
import { formatMoney } from '../money';
import { Link } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle, Status, when } from '../ui';

/** Lots, newest first, with full-text search (GET /lots, GET /lots/search?q=). */
export function LotsPage() {
  const { me } = useSession();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [lots, setLots] = useState<LotCard[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    const load = searched
      ? get<SearchAnswer>(`/lots/search?q=${encodeURIComponent(searched)}`).then((r) => r.hits.map(fromHit))
      : get<{ lots: Lot[] }>('/lots?limit=50').then((r) => r.lots.map(fromLot));
    load.then((cards) => live && setLots(cards)).catch((e: unknown) => live && setError(describe(e)));
    return () => {
      live = false;
    };
  }, [searched]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setLots(null);
    setSearched(query.trim());
  };

  return (
    <section>
      <PageTitle>Lots</PageTitle>
      <form role="search" className="row" onSubmit={submit}>
        <label htmlFor="lot-search" className="sr-only">
          Search lots
        </label>
        <input
          id="lot-search"
          type="search"
          placeholder="Search lots"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <ErrorNotice error={error} />
      {lots === null && !error && <Status>Loading lots…</Status>}
      {lots?.length === 0 && (
        <div className="empty" role="status">
          <p>{searched ? `No lots match “${searched}”.` : 'No lots yet.'}</p>
          {me?.roles.includes('seller') && <Link to="/lots/new">Put the first lot up for auction</Link>}
        </div>
      )}
      {lots && lots.length > 0 && (
        <ul className="cards" aria-label={searched ? `Results for ${searched}` : 'All lots'}>
          {lots.map((lot) => (
            <li key={lot.id} className="card">
              {lot.photoUrl && <img src={lot.photoUrl} alt="" loading="lazy" />}
              <h2>
                <Link to={`/lots/${lot.id}`}>{lot.title}</Link>
              </h2>
              <p className="price">{formatMoney(lot.price)}</p>
              <p>
                {lot.bidCount} bids · {lot.status} · ends {when(lot.endsAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
