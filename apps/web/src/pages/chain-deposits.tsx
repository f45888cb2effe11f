import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describe, get } from '../api';
import { formatMoney } from '../money';
import { Status, when } from '../ui';
import { formatEth, minorPerEth } from '../wallet-money';

interface DepositAddress {
  address: string;
  chainId: number;
  confirmations: number;
  weiPerMinorUnit: string;
  currency: string;
}
interface ChainDeposit {
  depositId: string;
  txHash: string;
  blockNumber: number;
  valueWei: string;
  amount: number;
  at: string;
}

const POLL_MS = 10_000;
const MAX_POLLS = 60;

/** What the page says when the wallet cannot hand out an address (503 codes of GET /wallet/deposit-address). */
function unavailableText(e: unknown): string {
  if (e instanceof ApiError && e.code === 'WALLET.DEPOSITS_DISABLED')
    return 'Deposits from the chain are not enabled on this platform. Top up instead.';
  if (e instanceof ApiError && e.code === 'WALLET.DEPOSITS_NOT_WATCHED')
    return 'Deposits from the chain are starting up. Try again in a minute.';
  return `Your deposit address cannot be shown right now (${describe(e)}).`;
}

/**
 * Deposit from the chain: the user's own deposit address (GET /wallet/deposit-address) with a copy button,
 * the chain, the confirmations and the rate, and the credited deposits (GET /wallet/chain-deposits), read
 * again every few seconds while the page is open; `onCredited` when a new one arrives.
 */
export function ChainDepositPanel({ onCredited }: { onCredited(): void }) {
  const [address, setAddress] = useState<DepositAddress | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [deposits, setDeposits] = useState<ChainDeposit[] | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  /** The newest deposit shown so far (undefined: none loaded yet). */
  const newest = useRef<string | null | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const credited = useRef(onCredited);
  credited.current = onCredited;

  const loadDeposits = useCallback(async (): Promise<void> => {
    try {
      const { items } = await get<{ items: ChainDeposit[] }>('/wallet/chain-deposits?limit=10');
      setDeposits(items);
      const first = items[0]?.depositId ?? null;
      if (newest.current !== undefined && first !== newest.current) credited.current();
      newest.current = first;
    } catch {
      // the address panel says what is wrong; the list stays as it was
    }
  }, []);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    void get<DepositAddress>('/wallet/deposit-address').then(
      (a) => live && setAddress(a),
      (e: unknown) => live && setUnavailable(unavailableText(e)),
    );
    const poll = async (n: number): Promise<void> => {
      await loadDeposits();
      if (live && n < MAX_POLLS) timer = window.setTimeout(() => void poll(n + 1), POLL_MS);
    };
    void poll(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [loadDeposits]);

  async function copy(): Promise<void> {
    if (!address) return;
    try {
      await navigator.clipboard.writeText(address.address);
      setCopied('Address copied.');
    } catch {
      input.current?.select();
      setCopied('Selected: copy it with Ctrl+C (⌘C).');
    }
  }

  const perEth = address && minorPerEth(address.weiPerMinorUnit);
  return (
    <section aria-labelledby="deposit-heading" className="panel" data-testid="chain-deposit">
      <h2 id="deposit-heading">Deposit from the chain</h2>
      {!address && !unavailable && <p className="muted">Loading your deposit address…</p>}
      {unavailable && (
        <p className="notice warn" data-testid="deposits-unavailable">
          {unavailable}
        </p>
      )}
      {address && (
        <>
          <p>Send ether to your own deposit address; it is credited to your balance once confirmed.</p>
          <label htmlFor="deposit-address">Your deposit address</label>
          <div className="row">
            <input
              id="deposit-address"
              ref={input}
              className="mono grow"
              readOnly
              value={address.address}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className="secondary" onClick={() => void copy()}>
              Copy address
            </button>
          </div>
          {copied && <Status>{copied}</Status>}
          <dl className="facts">
            <dt>Chain id</dt>
            <dd data-testid="chain-id">{address.chainId}</dd>
            <dt>Credited after</dt>
            <dd>
              {address.confirmations} confirmation{address.confirmations === 1 ? '' : 's'}
            </dd>
            <dt>Rate</dt>
            <dd data-testid="chain-rate">
              1 ETH = {perEth === undefined || perEth === null ? '—' : formatMoney(perEth.toString())}
            </dd>
          </dl>
          <p className="muted">
            Only ether sent on chain {address.chainId} counts; less than one minor unit is not credited.
          </p>
        </>
      )}
      <h3>Credited deposits</h3>
      {deposits === null && <p className="muted">Loading deposits…</p>}
      {deposits?.length === 0 && <p>No deposits from the chain yet.</p>}
      {deposits && deposits.length > 0 && (
        <ul className="entries" aria-label="Deposits from the chain">
          {deposits.map((d) => (
            <li key={d.depositId} className="entry" data-testid="chain-deposit-row">
              <p>
                <strong>
                  {d.amount > 0 ? formatMoney(d.amount) : 'Not credited (below one minor unit)'}
                </strong>{' '}
                <span className="muted">for {formatEth(d.valueWei)}</span>
              </p>
              <p className="mono">
                <span className="muted">Transaction </span>
                {d.txHash}
              </p>
              <p className="muted">
                Block {d.blockNumber}, {when(d.at)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
