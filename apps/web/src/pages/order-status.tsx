import { useEffect, useState } from 'react';
import { ApiError, describe, get } from '../api';
import { formatMoney } from '../money';
import { OrderState, orderProgress, saleTerms, sellerPayout } from '../order-progress';
import { percentOf } from '../wallet-money';

const POLL_MS = 3000;
const MAX_POLLS = 40;

/**
 * The order of a sold lot (GET /lots/:id/order), read again every few seconds until it settles. For the
 * seller (`forSeller`): what they receive, the price − the platform's fee, paid or still to come.
 */
export function OrderStatus({ lotId, forSeller = false }: { lotId: string; forSeller?: boolean }) {
  const [order, setOrder] = useState<OrderState | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const load = async (polls: number): Promise<void> => {
      let next: OrderState | null;
      try {
        next = await get<OrderState>(`/lots/${lotId}/order`);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) {
          if (live) setError(describe(e));
          return;
        }
        next = null;
      }
      if (!live) return;
      setOrder(next);
      if ((next === null || next.status === 'PENDING') && polls < MAX_POLLS)
        timer = window.setTimeout(() => void load(polls + 1), POLL_MS);
    };
    void load(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [lotId]);

  if (error) return <p className="muted">The order cannot be shown right now ({error}).</p>;
  if (order === undefined) return <p className="muted">Loading the order…</p>;
  const progress = orderProgress(order);
  const payout = forSeller && order ? sellerPayout(order) : undefined;
  const terms = !payout && order && saleTerms(order, formatMoney);
  return (
    <div className={`order tone-${progress.tone}`} data-testid="order-status" aria-live="polite">
      <p>
        Order: <strong>{progress.label}</strong>
      </p>
      {progress.detail && <p>{progress.detail}</p>}
      {terms && <p data-testid="order-fee">{terms}</p>}
      {payout && order?.amount && (
        <p data-testid="seller-payout">
          {payout.paid ? 'Your payout' : 'You will receive'}: <strong>{formatMoney(payout.payout)}</strong>{' '}
          (price {formatMoney(order.amount)} − {percentOf(payout.feeBps)} fee {formatMoney(payout.fee)})
          {payout.paid ? ', in your proceeds.' : ' once the order completes.'}
        </p>
      )}
    </div>
  );
}
