import { FormEvent, useCallback, useEffect, useState } from 'react';
import { describe, get } from '../api';
import { BidAddress, BidResult, loadAddress, placeBid, saveAddress } from '../bidding';
import { Countdown } from '../countdown';
import { stageLabel } from '../failed-sale';
import { useLiveLot } from '../live';
import { BidRow, Lot, priceOf } from '../lot';
import { currencyCode, formatMoney, parseMoney, percentBid } from '../money';
import { Link } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { AddressFields } from './address-fields';
import { Gallery } from './gallery';
import { FailedSalePanel } from './second-chance';

const PERCENTS = [5, 10, 25] as const;
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

/** The live auction: price, history, percent and custom bids, soft-close countdown, outbid notice. */
export function AuctionPage({ lotId }: { lotId: string }) {
  const { me } = useSession();
  const [lot, setLot] = useState<Lot | null>(null);
  const [bids, setBids] = useState<BidRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BidResult | null>(null);
  const [outbid, setOutbid] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [connected, setConnected] = useState(false);
  const [busy, setBusy] = useState(false);
  const [custom, setCustom] = useState('');
  const [address, setAddress] = useState<BidAddress>(loadAddress);

  const refresh = useCallback(async (): Promise<void> => {
    try {
      const [l, b] = await Promise.all([
        get<Lot>(`/lots/${lotId}`),
        get<{ bids: BidRow[] }>(`/lots/${lotId}/bids?limit=50`),
      ]);
      setLot(l);
      setBids(b.bids);
    } catch (e) {
      setError(describe(e));
    }
  }, [lotId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useLiveLot(
    lotId,
    {
      BidPlaced: ({ data }) => {
        const bid: BidRow = {
          bidId: str(data.bidId),
          bidderId: str(data.bidderId),
          amount: str(data.amount),
          proxy: data.proxy === true,
          placedAt: str(data.placedAt),
        };
        setLot(
          (l) =>
            l && {
              ...l,
              currentPrice: bid.amount,
              minimumNextBid: str(data.minimumNextBid),
              endsAt: str(data.endsAt),
              bidCount: Number(data.bidCount),
              leaderId: bid.bidderId,
            },
        );
        setBids((list) => (list.some((b) => b.bidId === bid.bidId) ? list : [bid, ...list]));
        setAnnouncement(`New bid: ${formatMoney(bid.amount)}`);
      },
      AuctionExtended: ({ data }) => {
        setLot((l) => l && { ...l, endsAt: str(data.endsAt) });
        setAnnouncement(
          `Soft close: the auction was extended to ${new Date(str(data.endsAt)).toLocaleTimeString('en-GB')}`,
        );
      },
      AuctionClosed: ({ data }) => {
        setLot(
          (l) =>
            l && {
              ...l,
              status: 'CLOSED',
              outcome: str(data.outcome),
              winnerId: data.winnerId ? str(data.winnerId) : undefined,
            },
        );
        setAnnouncement(`The auction closed: ${str(data.outcome)}`);
      },
      // A failed sale moves on (offered, relisted, closed; the offer answered or over): read the lot again.
      LotSaleFailed: () => void refresh(),
      SecondChanceOffered: () => void refresh(),
      SecondChanceEnded: () => void refresh(),
      Outbid: ({ data }) => {
        if (data.lotId !== lotId) return;
        setResult(null);
        setOutbid(`You were outbid: the price is now ${formatMoney(str(data.newAmount))}.`);
      },
    },
    setConnected,
  );

  async function bid(amount: string): Promise<void> {
    if (!address.name || !address.line1 || !address.city || !address.postcode || !address.country) {
      setResult({ kind: 'error', message: 'Fill in your delivery address first: it is used if you win.' });
      return;
    }
    setBusy(true);
    setResult(null);
    saveAddress(address);
    const outcome = await placeBid(lotId, Number(amount), address);
    setResult(outcome);
    if (outcome.kind === 'accepted') setOutbid(null);
    setBusy(false);
    void refresh();
  }

  const submitCustom = (e: FormEvent): void => {
    e.preventDefault();
    const minor = parseMoney(custom);
    if (!minor) return setResult({ kind: 'error', message: 'Enter an amount such as 120 or 120.50.' });
    void bid(String(minor));
  };

  if (!lot) return error ? <ErrorNotice error={error} /> : <Status>Loading the lot…</Status>;
  const closed = lot.status !== 'OPEN';
  const own = me?.userId === lot.sellerId;
  const canBid = !!me?.roles.includes('buyer') && !own && !closed;
  const leading = me && lot.leaderId === me.userId;

  return (
    <article className="auction">
      <PageTitle>{lot.title}</PageTitle>
      <Gallery title={lot.title} urls={lot.photoUrls ?? (lot.photoUrl ? [lot.photoUrl] : [])} />
      <p>{lot.description}</p>
      <dl className="facts">
        <dt>Current price</dt>
        <dd data-testid="current-price">{formatMoney(priceOf(lot))}</dd>
        {!closed && (
          <>
            <dt>Next bid from</dt>
            <dd data-testid="minimum-next">{formatMoney(lot.minimumNextBid)}</dd>
          </>
        )}
        <dt>Bids</dt>
        <dd>{lot.bidCount}</dd>
        <dt>Status</dt>
        <dd data-testid="lot-status">
          {closed
            ? `Closed${stageLabel(lot) ? ` — ${stageLabel(lot)!.toLowerCase()}` : lot.outcome ? ` (${lot.outcome})` : ''}`
            : leading
              ? 'Open — you lead'
              : 'Open'}
        </dd>
      </dl>
      <Countdown endsAt={lot.endsAt} closed={closed} />
      {lot.relistedFromLotId && (
        <p>
          This auction relists <Link to={`/lots/${lot.relistedFromLotId}`}>an earlier lot</Link> whose sale
          failed.
        </p>
      )}
      {closed && <FailedSalePanel lot={lot} userId={me?.userId} onAnswered={setLot} />}
      <p>
        <Link to={`/?show=all&sort=newest&seller=${encodeURIComponent(lot.sellerId)}`}>
          More lots from this seller
        </Link>
      </p>
      <p className="muted" aria-live="polite">
        {connected ? 'Live updates on' : 'Connecting to live updates…'} {announcement && `· ${announcement}`}
      </p>
      {outbid && (
        <p role="alert" className="notice warn" data-testid="outbid">
          {outbid}
        </p>
      )}
      {result && <BidResultNotice result={result} />}
      {canBid && (
        <section aria-labelledby="bid-heading" className="panel">
          <h2 id="bid-heading">Place a bid</h2>
          <div className="row" role="group" aria-label="Quick bids">
            {PERCENTS.map((p) => {
              const amount = percentBid(priceOf(lot), lot.minimumNextBid, p);
              return (
                <button key={p} type="button" disabled={busy} onClick={() => void bid(amount)}>
                  +{p}% · {formatMoney(amount)}
                </button>
              );
            })}
          </div>
          <form className="row" onSubmit={submitCustom}>
            <label htmlFor="custom-bid">Your bid ({currencyCode()})</label>
            <input
              id="custom-bid"
              inputMode="decimal"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
            <button type="submit" disabled={busy}>
              Bid
            </button>
          </form>
          <AddressFields value={address} onChange={setAddress} />
        </section>
      )}
      {!me && !closed && (
        <p>
          <Link to="/login">Sign in</Link> to bid.
        </p>
      )}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Bid history</h2>
        {bids.length === 0 ? (
          <p>No bids yet.</p>
        ) : (
          <ol className="history" data-testid="bid-history">
            {bids.map((b) => (
              <li key={b.bidId}>
                <strong>{formatMoney(b.amount)}</strong> by{' '}
                {b.bidderId === me?.userId ? 'you' : `bidder ${b.bidderId.slice(0, 8)}`}
                {b.proxy ? ' (proxy)' : ''} · {when(b.placedAt)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

function BidResultNotice({ result }: { result: BidResult }) {
  if (result.kind === 'accepted') return <Status>Your bid of {formatMoney(result.amount)} leads.</Status>;
  if (result.kind === 'insufficient') {
    return (
      <div role="alert" className="notice error" data-testid="insufficient-funds">
        <p>
          <strong>Insufficient funds.</strong> Your spendable balance does not cover this bid; the amount is
          held until you are outbid or the auction ends.
        </p>
        <p>
          <Link to="/wallet">Top up your wallet</Link> and bid again.
        </p>
      </div>
    );
  }
  return (
    <p role="alert" className="notice error">
      {result.message}
    </p>
  );
}
