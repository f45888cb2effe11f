import { FormEvent, useCallback, useEffect, useState } from 'react';
import { call, describe, get, newKey } from '../api';
import { currencyCode, formatMoney, parseMoney } from '../money';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { LinkAddress } from './link-address';

interface WalletView {
  balance: number;
  held: number;
  spendable: number;
  onChain: number | null;
  chain: string;
  /** A seller's sales paid out of escrow, net of the platform's fee. */
  proceeds?: number;
}
interface Hold {
  holdId: string;
  amount: number;
  reference: string;
  status: string;
  createdAt: string;
}

/** Balance, held and spendable amounts, active holds, top-up and linking an Ethereum address. */
export function WalletPage() {
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [amount, setAmount] = useState('');

  const load = useCallback(async (): Promise<void> => {
    try {
      const [w, h] = await Promise.all([get<WalletView>('/wallet'), get<{ items: Hold[] }>('/wallet/holds')]);
      setWallet(w);
      setHolds(h.items);
    } catch (e) {
      setError(describe(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function topUp(e: FormEvent): Promise<void> {
    e.preventDefault();
    const minor = parseMoney(amount);
    if (!minor) return setError('Enter an amount such as 50 or 12.50.');
    setError(null);
    try {
      await call('POST', '/wallet/deposits', { amount: minor }, { 'idempotency-key': newKey() });
      setDone(`Added ${formatMoney(minor)}.`);
      setAmount('');
      await load();
    } catch (err) {
      setError(describe(err));
    }
  }

  return (
    <section>
      <PageTitle>Wallet</PageTitle>
      {!wallet && !error && <Status>Loading your wallet…</Status>}
      {wallet && (
        <dl className="facts">
          <dt>Balance</dt>
          <dd data-testid="balance">{formatMoney(wallet.balance)}</dd>
          <dt>Held for bids</dt>
          <dd>{formatMoney(wallet.held)}</dd>
          <dt>On chain</dt>
          <dd>
            {wallet.chain === 'none'
              ? 'No linked address'
              : wallet.onChain === null
                ? 'Unavailable'
                : formatMoney(wallet.onChain)}
          </dd>
          <dt>Spendable</dt>
          <dd data-testid="spendable">{formatMoney(wallet.spendable)}</dd>
          {Boolean(wallet.proceeds) && (
            <>
              <dt>Proceeds from sales</dt>
              <dd data-testid="proceeds">{formatMoney(wallet.proceeds)}</dd>
            </>
          )}
        </dl>
      )}
      <form className="row panel" onSubmit={(e) => void topUp(e)}>
        <label htmlFor="topup-amount">Top up ({currencyCode()})</label>
        <input
          id="topup-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          required
        />
        <button type="submit">Top up</button>
      </form>
      <ErrorNotice error={error} />
      {done && <Status>{done}</Status>}
      <h2>Holds</h2>
      {holds.length === 0 ? (
        <p>No holds.</p>
      ) : (
        <table>
          <caption className="sr-only">Holds on your wallet</caption>
          <thead>
            <tr>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">For</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {holds.map((h) => (
              <tr key={h.holdId}>
                <td>{formatMoney(h.amount)}</td>
                <td>{h.status}</td>
                <td className="mono">{h.reference}</td>
                <td>{when(h.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LinkAddress onLinked={() => void load()} />
    </section>
  );
}
