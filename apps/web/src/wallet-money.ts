/**
 * How the wallet page reads money that comes from or goes to the chain, withdrawals and the ledger.
 * Pure: no DOM; amounts are integer minor units (numbers or decimal strings), wei decimal strings.
 */

const WEI_PER_ETH = 10n ** 18n;

/** Minor units one ether is credited at (⌊10^18 / weiPerMinorUnit⌋, rounded down as the wallet does). */
export function minorPerEth(weiPerMinorUnit: string): bigint | undefined {
  if (!/^[0-9]+$/.test(weiPerMinorUnit)) return undefined;
  const rate = BigInt(weiPerMinorUnit);
  return rate > 0n ? WEI_PER_ETH / rate : undefined;
}

/** "20000000000000000" → "0.02 ETH": whole ether and up to 6 decimals, trailing zeros dropped. */
export function formatEth(wei: string): string {
  if (!/^[0-9]+$/.test(wei)) return '—';
  const value = BigInt(wei);
  const whole = value / WEI_PER_ETH;
  const micro = (value % WEI_PER_ETH) / 10n ** 12n;
  const fraction = micro.toString().padStart(6, '0').replace(/0+$/, '');
  const shown = `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
  return shown === '0' && value > 0n ? '< 0.000001 ETH' : `${shown} ETH`;
}

/** A fee rate in basis points as a percentage: 500 → "5%", 250 → "2.5%". */
export const percentOf = (bps: number): string => `${(bps / 100).toLocaleString('en-US')}%`;

export type WithdrawalStatus = 'PENDING' | 'SENT' | 'CONFIRMED' | 'SETTLED' | 'FAILED';
export type WithdrawalSource = 'available' | 'proceeds';

/** A withdrawal as GET /wallet/withdrawals lists it. */
export interface Withdrawal {
  withdrawalId: string;
  amount: string;
  currency: string;
  source: WithdrawalSource;
  toAddress: string;
  status: WithdrawalStatus;
  txHash: string | null;
  code: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Still on its way: the page asks again until every withdrawal is settled or failed. */
export const inFlight = (w: Pick<Withdrawal, 'status'>): boolean =>
  w.status !== 'SETTLED' && w.status !== 'FAILED';

const SOURCE_TEXT: Record<WithdrawalSource, string> = {
  available: 'your available balance',
  proceeds: 'your proceeds',
};

/** A withdrawal's status in words: a short label and what it means for the user's money. */
export function withdrawalProgress(w: Pick<Withdrawal, 'status' | 'source' | 'code' | 'reason'>): {
  label: string;
  detail: string;
  tone: 'info' | 'ok' | 'error';
} {
  const from = SOURCE_TEXT[w.source] ?? SOURCE_TEXT.available;
  switch (w.status) {
    case 'PENDING':
      return { label: 'Requested', detail: `The amount is held from ${from}.`, tone: 'info' };
    case 'SENT':
      return { label: 'Sent', detail: 'Waiting for the transaction to be confirmed.', tone: 'info' };
    case 'CONFIRMED':
      return { label: 'Confirmed', detail: 'Confirmed on the chain; settling.', tone: 'info' };
    case 'SETTLED':
      return { label: 'Settled', detail: 'Paid to your address.', tone: 'ok' };
    case 'FAILED': {
      const why = w.reason ? `${w.reason}${w.code ? ` (${w.code})` : ''}. ` : '';
      return { label: 'Failed', detail: `${why}The amount is back in ${from}.`, tone: 'error' };
    }
    default: {
      const _exhaustive: never = w.status;
      return _exhaustive;
    }
  }
}

/** What a user may withdraw from each source (on-chain value backs holds but cannot be withdrawn). */
export function withdrawable(
  wallet: { balance: number; held: number; proceeds?: number },
  source: WithdrawalSource,
): number {
  return Math.max(0, source === 'proceeds' ? (wallet.proceeds ?? 0) : wallet.balance - wallet.held);
}

/** One line of GET /wallet/ledger: a posting to one of the user's accounts. */
export interface LedgerLine {
  entryId: string;
  kind: string;
  account: string;
  amount: number;
  reference: string;
  details: Record<string, string>;
  at: string;
}

const KIND_TEXT: Record<string, string> = {
  opening: 'Opening balance',
  top_up: 'Top-up',
  chain_deposit: 'Deposit from the chain',
  hold_placed: 'Funds held',
  hold_released: 'Hold released',
  hold_captured: 'Payment into escrow',
  escrow_paid_out: 'Sale paid out',
  escrow_payout_reversed: 'Payout reversed',
  escrow_refunded: 'Refund from escrow',
  withdrawal_held: 'Withdrawal held',
  withdrawal_released: 'Withdrawal returned',
  chain_withdrawal: 'Withdrawal sent',
};

/** An entry's kind in words; a kind this page does not know yet is shown as it is. */
export const kindText = (kind: string): string => KIND_TEXT[kind] ?? kind;

/** The platform fee rate of the newest payout in the statement (its `details.feeBps`), if any. */
export function latestFeeBps(lines: LedgerLine[]): number | undefined {
  const payout = lines.find((l) => l.kind === 'escrow_paid_out' && /^[0-9]+$/.test(l.details?.feeBps ?? ''));
  return payout ? Number(payout.details.feeBps) : undefined;
}

/** A signed amount for a statement: "+$9.50", "−$10.00" (`money` formats an absolute value). */
export function signedMoney(amount: number, money: (minor: number) => string): string {
  return `${amount < 0 ? '−' : '+'}${money(Math.abs(amount))}`;
}
