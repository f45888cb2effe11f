import { Countdown } from '../countdown';
import { LotCard } from '../lot';
import { formatMoney } from '../money';
import { Link } from '../router';
import { Highlighted } from '../ui';

/** The lot's photo at card size, loaded when scrolled near; a placeholder when the seller added none. */
export function LotPhoto({ title, photoUrl }: { title: string; photoUrl?: string }) {
  if (!photoUrl)
    return (
      <div className="thumb placeholder" aria-hidden="true">
        <span>No photo</span>
      </div>
    );
  // The API serves one size per photo (no srcset); width and height keep the layout from jumping.
  return (
    <img
      className="thumb"
      src={photoUrl}
      alt={title}
      loading="lazy"
      decoding="async"
      width={480}
      height={360}
    />
  );
}

const outcomeText = (outcome?: string): string =>
  outcome === 'SOLD' ? 'Sold' : outcome === 'UNSOLD' ? 'Not sold' : 'Closed';

/** One lot in a grid: photo, title (the link; a search's matches marked), price, bids and a live countdown. */
export function LotCardView({ lot }: { lot: LotCard }) {
  const closed = lot.status !== 'OPEN';
  return (
    <li className="card" data-testid="lot-card">
      <LotPhoto title={lot.title} photoUrl={lot.photoUrl} />
      <h2>
        <Link to={`/lots/${lot.id}`}>
          {lot.titleParts ? <Highlighted parts={lot.titleParts} /> : lot.title}
        </Link>
      </h2>
      {lot.snippet && (
        <p className="snippet" data-testid="snippet">
          {lot.snippet.cutBefore && '… '}
          <Highlighted parts={lot.snippet.parts} />
          {lot.snippet.cutAfter && ' …'}
        </p>
      )}
      <p className="price" data-testid="card-price">
        {formatMoney(lot.price)}
      </p>
      <p className="muted">
        {lot.bidCount === 1 ? '1 bid' : `${lot.bidCount} bids`}
        {closed && ` · ${outcomeText(lot.outcome)}`}
      </p>
      <Countdown endsAt={lot.endsAt} closed={closed} compact />
    </li>
  );
}
