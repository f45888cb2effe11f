import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call, describe, get, newKey } from '../api';
import { currencyCode, formatMoney, parseMoney } from '../money';
import { Status, when } from '../ui';
import { inFlight, Withdrawal, withdrawable, WithdrawalSource, withdrawalProgress } from '../wallet-money';

export interface Balances {
  balance: number;
  held: number;
  proceeds?: number;
}

const POLL_MS = 2000;
const MAX_POLLS = 150;

/** An API refusal in words; a 402 says how much can be withdrawn. */
function refusalText(e: unknown, source: WithdrawalSource): string {
  if (!(e instanceof ApiError)) return describe(e);
  if (e.code === 'WALLET.INSUFFICIENT_FUNDS') {
    const max = (e.details as { withdrawable?: unknown } | undefined)?.withdrawable;
    const from = source === 'proceeds' ? 'your proceeds' : 'your available balance';
    return typeof max === 'number'
      ? `You can withdraw at most ${formatMoney(max)} from ${from}.`
      : `Not enough in ${from} (${e.code}).`;
  }
  if (e.code === 'WALLET.NO_LINKED_ADDRESS')
    return 'Link an Ethereum address first: withdrawals go only there.';
  if (e.code === 'WALLET.ADDRESS_NOT_LINKED') return 'That address is not one of your linked addresses.';
  return describe(e);
}

/**
 * Withdraw: a form (amount, from available or proceeds, to a linked address; POST /wallet/withdrawals) and
 * the user's withdrawals (GET /wallet/withdrawals), read again every two seconds while one is on its way;
 * `onChange` after a request and whenever one settles or fails, so the balances follow.
 */
export function WithdrawPanel({
  wallet,
  addresses,
  onChange,
}: {
  wallet: Balances;
  /** The user's linked addresses, newest first. */
  addresses: string[];
  onChange(): void;
}) {
  const sellsToo = (wallet.proceeds ?? 0) > 0;
  const [amount, setAmount] = useState('');
  const [source, setSource] = useState<WithdrawalSource>('available');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [items, setItems] = useState<Withdrawal[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [requested, setRequested] = useState(0);
  const changed = useRef(onChange);
  changed.current = onChange;
  /** Withdrawals known to be on their way: fewer on the next read means one settled or failed. */
  const moving = useRef(0);
  /** Withdrawals requested here that the wallet's list does not show yet (the saga holds the money first). */
  const awaiting = useRef(new Set<string>());
  const from = sellsToo ? source : 'available';
  const toAddress = addresses.includes(to) ? to : (addresses[0] ?? '');

  const load = useCallback(async (): Promise<Withdrawal[] | undefined> => {
    try {
      const list = await get<{ items: Withdrawal[] }>('/wallet/withdrawals?limit=10');
      setItems(list.items);
      setListError(null);
      return list.items;
    } catch (e) {
      setListError(`Your withdrawals cannot be shown right now (${describe(e)}).`);
      return undefined;
    }
  }, []);

  // Read the list now and after each request; ask again while any withdrawal is on its way.
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const poll = async (n: number): Promise<void> => {
      const list = await load();
      if (!live || !list) return;
      for (const w of list) awaiting.current.delete(w.withdrawalId);
      const now = list.filter(inFlight).length + awaiting.current.size;
      if (now < moving.current) changed.current();
      moving.current = now;
      if (now > 0 && n < MAX_POLLS) timer = window.setTimeout(() => void poll(n + 1), POLL_MS);
    };
    void poll(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [load, requested]);

  async function withdraw(e: FormEvent): Promise<void> {
    e.preventDefault();
    const minor = parseMoney(amount);
    if (!minor) return setError('Enter an amount such as 50 or 12.50.');
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const started = await call<{ withdrawalId: string }>(
        'POST',
        '/wallet/withdrawals',
        { amount: minor, source: from, ...(toAddress ? { toAddress } : {}) },
        { 'idempotency-key': newKey() },
      );
      setDone(`Withdrawal of ${formatMoney(minor)} to ${toAddress} requested.`);
      setAmount('');
      awaiting.current.add(started.body.withdrawalId);
      setRequested((n) => n + 1);
      changed.current();
    } catch (err) {
      setError(refusalText(err, from));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="withdraw-heading" className="panel" data-testid="withdraw">
      <h2 id="withdraw-heading">Withdraw</h2>
      {addresses.length === 0 ? (
        <p data-testid="withdraw-needs-address">
          Withdrawals go only to an address you have linked.{' '}
          <a href="#link-heading">Link an Ethereum address</a> first.
        </p>
      ) : (
        <form onSubmit={(e) => void withdraw(e)}>
          {sellsToo && (
            <fieldset>
              <legend>From</legend>
              {(['available', 'proceeds'] as const).map((s) => (
                <label key={s} className="inline">
                  <input
                    type="radio"
                    name="withdraw-source"
                    value={s}
                    checked={from === s}
                    onChange={() => setSource(s)}
                  />
                  {s === 'available' ? 'Available balance' : 'Proceeds from sales'} (
                  {formatMoney(withdrawable(wallet, s))})
                </label>
              ))}
            </fieldset>
          )}
          <label htmlFor="withdraw-amount">Amount to withdraw ({currencyCode()})</label>
          <input
            id="withdraw-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-describedby="withdraw-max"
            required
          />
          <p id="withdraw-max" className="muted">
            Up to {formatMoney(withdrawable(wallet, from))} from{' '}
            {from === 'proceeds' ? 'your proceeds' : 'your available balance'}.
          </p>
          <label htmlFor="withdraw-to">To your linked address</label>
          <select id="withdraw-to" className="mono" value={toAddress} onChange={(e) => setTo(e.target.value)}>
            {addresses.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <div className="row">
            <button type="submit" disabled={busy}>
              Withdraw
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="notice error" data-testid="withdraw-error">
          {error}
        </p>
      )}
      {done && <Status>{done}</Status>}
      <h3>Your withdrawals</h3>
      {listError && <p className="muted">{listError}</p>}
      {items === null && !listError && <p className="muted">Loading withdrawals…</p>}
      {items?.length === 0 && <p>No withdrawals yet.</p>}
      {items && items.length > 0 && (
        <ul className="entries" aria-label="Your withdrawals">
          {items.map((w) => (
            <WithdrawalRow key={w.withdrawalId} w={w} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WithdrawalRow({ w }: { w: Withdrawal }) {
  const progress = withdrawalProgress(w);
  return (
    <li className={`entry tone-${progress.tone}`} data-testid="withdrawal-row">
      <p>
        <strong>{formatMoney(w.amount)}</strong>{' '}
        <span className={`badge withdrawal-${w.status.toLowerCase()}`} data-testid="withdrawal-status">
          {progress.label}
        </span>{' '}
        <span className="muted">from {w.source === 'proceeds' ? 'proceeds' : 'available'}</span>
      </p>
      <p aria-live="polite">{progress.detail}</p>
      <p className="mono">
        <span className="muted">To </span>
        {w.toAddress}
      </p>
      {w.txHash && (
        <p className="mono">
          <span className="muted">Transaction </span>
          {w.txHash}
        </p>
      )}
      <p className="muted">{when(w.createdAt)}</p>
    </li>
  );
}
