import { useCallback, useEffect, useState } from 'react';
import { call, describe, get } from '../api';
import { BidResult, loadAddress, placeBid } from '../bidding';
import { Countdown } from '../countdown';
import { Lot, priceOf } from '../lot';
import { formatMoney } from '../money';
import { Link } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle, Pager, Status } from '../ui';
import { LotPhoto } from './lot-card';
import { OrderStatus } from './order-status';

type Position = 'LEADING' | 'OUTBID' | 'WON' | 'LOST';

/** One lot of GET /me/bids. */
interface MyLot {
  lot: Lot;
  highestBid: string;
  maxAmount?: string;
  bidCount: number;
  lastBidAt: string;
  leading: boolean;
  position: Position;
}

/** GET /lots/:id/allowance: money held in the wallet for this buyer's bids on the lot. */
interface Allowance {
  amount: string;
  keepWhenOutbid: boolean;
  exposure: string;
  leading: boolean;
}

interface Row extends MyLot {
  /** undefined while unknown (not loaded, or the read failed). */
  allowance?: Allowance;
}

const PAGE_SIZE = 20;
const POSITION_TEXT: Record<Position, string> = {
  LEADING: 'Leading',
  OUTBID: 'Outbid',
  WON: 'Won',
  LOST: 'Lost',
};

const addressComplete = (): boolean => {
  const a = loadAddress();
  return !!(a.name && a.line1 && a.city && a.postcode && a.country);
};

async function loadRows(offset: number): Promise<{ rows: Row[]; total: number }> {
  const page = await get<{ lots: MyLot[]; total: number }>(`/me/bids?limit=${PAGE_SIZE}&offset=${offset}`);
  const allowances = await Promise.all(
    page.lots.map((l) => get<Allowance>(`/lots/${l.lot.id}/allowance`).catch(() => undefined)),
  );
  return { rows: page.lots.map((l, i) => ({ ...l, allowance: allowances[i] })), total: page.total };
}

/** The lots the signed-in buyer bid on: where they stand, what is held for them, and a one-click raise. */
export function MyBidsPage() {
  const { me, loading } = useSession();
  const isBuyer = !!me?.roles.includes('buyer');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ rows: Row[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, BidResult | { kind: 'released' }>>({});

  const refresh = useCallback(async (): Promise<void> => {
    try {
      setError(null);
      setPage(await loadRows(offset));
    } catch (e) {
      setError(describe(e));
    }
  }, [offset]);

  useEffect(() => {
    if (isBuyer) void refresh();
  }, [isBuyer, refresh]);

  async function raise(row: Row): Promise<void> {
    setBusy(row.lot.id);
    const result = await placeBid(row.lot.id, Number(row.lot.minimumNextBid), loadAddress());
    setResults((r) => ({ ...r, [row.lot.id]: result }));
    setBusy(null);
    await refresh();
  }

  async function release(row: Row): Promise<void> {
    setBusy(row.lot.id);
    try {
      await call('DELETE', `/lots/${row.lot.id}/allowance`);
      setResults((r) => ({ ...r, [row.lot.id]: { kind: 'released' } }));
    } catch (e) {
      setResults((r) => ({ ...r, [row.lot.id]: { kind: 'error', message: describe(e) } }));
    }
    setBusy(null);
    await refresh();
  }

  if (loading) return <Status>Loading…</Status>;
  if (!isBuyer)
    return (
      <section>
        <PageTitle>My bids</PageTitle>
        <p>
          <Link to="/login">Sign in</Link> with a buyer account to see the lots you bid on.
        </p>
      </section>
    );

  const rows = page?.rows ?? null;
  return (
    <section>
      <PageTitle>My bids</PageTitle>
      <div className="row">
        <p className="muted grow">
          Lots you bid on, open ones first; lots you won show their order. Money held for a lot stays in your
          wallet until you are outbid, withdraw it or the auction ends.
        </p>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={error} />
      {rows === null && !error && <Status>Loading your bids…</Status>}
      {rows?.length === 0 && (
        <div className="empty" role="status" data-testid="empty">
          <p>{offset > 0 ? 'No more lots here.' : 'You have not bid on any lot yet.'}</p>
          <Link to="/">Browse open lots</Link>
        </div>
      )}
      {rows && rows.length > 0 && (
        <ul className="cards" aria-label="Lots you bid on">
          {rows.map((row) => (
            <MyLotCard
              key={row.lot.id}
              row={row}
              busy={busy === row.lot.id}
              result={results[row.lot.id]}
              onRaise={() => void raise(row)}
              onRelease={() => void release(row)}
            />
          ))}
        </ul>
      )}
      {page && page.total > PAGE_SIZE && (
        <Pager
          offset={offset}
          limit={PAGE_SIZE}
          shown={rows?.length ?? 0}
          total={page.total}
          onPage={setOffset}
        />
      )}
    </section>
  );
}

interface CardProps {
  row: Row;
  busy: boolean;
  result?: BidResult | { kind: 'released' };
  onRaise(): void;
  onRelease(): void;
}

function MyLotCard({ row, busy, result, onRaise, onRelease }: CardProps) {
  const { lot, allowance } = row;
  const open = lot.status === 'OPEN';
  const held = allowance ? BigInt(allowance.amount) : 0n;
  return (
    <li className="card" data-testid="my-lot">
      <LotPhoto title={lot.title} photoUrl={lot.photoUrl} />
      <h2>
        <Link to={`/lots/${lot.id}`}>{lot.title}</Link>
      </h2>
      <p>
        <span className={`badge position-${row.position.toLowerCase()}`} data-testid="position">
          {POSITION_TEXT[row.position]}
        </span>
      </p>
      <dl className="facts">
        <dt>Your highest bid</dt>
        <dd data-testid="my-highest">{formatMoney(row.highestBid)}</dd>
        <dt>{open ? 'Current price' : 'Final price'}</dt>
        <dd data-testid="price">{formatMoney(priceOf(lot))}</dd>
        <dt>Held for this lot</dt>
        <dd data-testid="allowance">{allowance ? formatMoney(allowance.amount) : '—'}</dd>
      </dl>
      {open && allowance && held > 0n && allowance.keepWhenOutbid && (
        <p className="muted">Kept for this lot even when you are outbid.</p>
      )}
      <Countdown endsAt={lot.endsAt} closed={!open} compact />
      {row.position === 'WON' && <OrderStatus lotId={lot.id} />}
      {result && <RowResult result={result} />}
      {open && row.position === 'OUTBID' && (
        <RaiseButton minimum={lot.minimumNextBid} lotId={lot.id} busy={busy} onRaise={onRaise} />
      )}
      {open && row.position === 'OUTBID' && held > 0n && (
        <button type="button" className="secondary" disabled={busy} onClick={onRelease}>
          Release the {formatMoney(allowance?.amount)} held
        </button>
      )}
    </li>
  );
}

function RaiseButton({
  minimum,
  lotId,
  busy,
  onRaise,
}: {
  minimum: string;
  lotId: string;
  busy: boolean;
  onRaise(): void;
}) {
  if (!addressComplete())
    return (
      <p>
        <Link to={`/lots/${lotId}`}>Bid {formatMoney(minimum)} on the lot page</Link>{' '}
        <span className="muted">(add your delivery address there once)</span>
      </p>
    );
  return (
    <button type="button" disabled={busy} onClick={onRaise}>
      {busy ? 'Bidding…' : `Bid ${formatMoney(minimum)}`}
    </button>
  );
}

function RowResult({ result }: { result: BidResult | { kind: 'released' } }) {
  if (result.kind === 'accepted') return <Status>Your bid of {formatMoney(result.amount)} leads.</Status>;
  if (result.kind === 'released') return <Status>The money held for this lot was released.</Status>;
  if (result.kind === 'insufficient')
    return (
      <p role="alert" className="notice error">
        Insufficient funds. <Link to="/wallet">Top up your wallet</Link> and bid again.
      </p>
    );
  return (
    <p role="alert" className="notice error">
      {result.message}
    </p>
  );
}
