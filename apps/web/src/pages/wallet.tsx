import { FormEvent, useCallback, useEffect, useState } from 'react';
import { call, describe, get, newKey } from '../api';
import { currencyCode, formatMoney, parseMoney } from '../money';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { LedgerLine, latestFeeBps, percentOf } from '../wallet-money';
import { ChainDepositPanel } from './chain-deposits';
import { LedgerTable } from './ledger-table';
import { LinkAddress } from './link-address';
import { WithdrawPanel } from './withdrawals';

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
interface LinkedAddress {
  address: string;
  verifiedAt: string;
}

/**
 * The wallet: balances (available, held, on chain, spendable, a seller's proceeds and the fee rate of their
 * latest sale), top-up, deposits from the chain, withdrawals, active holds, the history and linking an
 * Ethereum address.
 */
export function WalletPage() {
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [addresses, setAddresses] = useState<string[]>([]);
  const [feeBps, setFeeBps] = useState<number | undefined>(undefined);
  /** Bumped whenever money moved, so the history reads itself again. */
  const [version, setVersion] = useState(0);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [w, h, a] = await Promise.all([
        get<WalletView>('/wallet'),
        get<{ items: Hold[] }>('/wallet/holds'),
        get<{ items: LinkedAddress[] }>('/wallet/addresses'),
      ]);
      setWallet(w);
      setHolds(h.items);
      setAddresses(
        [...a.items].sort((x, y) => y.verifiedAt.localeCompare(x.verifiedAt)).map((x) => x.address),
      );
      setVersion((v) => v + 1);
      if (w.proceeds)
        setFeeBps(latestFeeBps((await get<{ items: LedgerLine[] }>('/wallet/ledger?limit=100')).items));
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
        <section aria-labelledby="balances-heading">
          <h2 id="balances-heading" className="sr-only">
            Balances
          </h2>
          <dl className="facts balances">
            <dt>Available</dt>
            <dd data-testid="available">{formatMoney(wallet.balance - wallet.held)}</dd>
            <dt>Held</dt>
            <dd data-testid="held">{formatMoney(wallet.held)}</dd>
            <dt>Balance</dt>
            <dd data-testid="balance">{formatMoney(wallet.balance)}</dd>
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
                {feeBps !== undefined && (
                  <>
                    <dt>Platform fee</dt>
                    <dd data-testid="fee-rate">{percentOf(feeBps)} of the price (your latest sale)</dd>
                  </>
                )}
              </>
            )}
          </dl>
        </section>
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
      <div className="columns">
        <ChainDepositPanel onCredited={() => void load()} />
        {wallet && <WithdrawPanel wallet={wallet} addresses={addresses} onChange={() => void load()} />}
      </div>
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
      <LedgerTable version={version} />
      <LinkAddress onLinked={() => void load()} />
    </section>
  );
}
