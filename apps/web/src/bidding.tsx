import { ApiError, call, describe, get, newKey } from './api';

export interface BidAddress {
  name: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
}

export type BidResult =
  { kind: 'accepted'; amount: string } | { kind: 'insufficient' } | { kind: 'error'; message: string };

const ADDRESS_KEY = 'gavel.address';
const EMPTY: BidAddress = { name: '', line1: '', city: '', postcode: '', country: '' };

export function loadAddress(): BidAddress {
  try {
    const saved = JSON.parse(localStorage.getItem(ADDRESS_KEY) ?? 'null') as Partial<BidAddress> | null;
    return { ...EMPTY, ...(saved ?? {}) };
  } catch {
    return EMPTY;
  }
}

export const saveAddress = (a: BidAddress): void => localStorage.setItem(ADDRESS_KEY, JSON.stringify(a));

interface BidAnswer {
  bidId: string;
  status: 'ACCEPTED' | 'PENDING' | 'REJECTED';
  amount: string;
  acceptedAmount?: string;
  code?: string;
  reason?: string;
}

function rejected(code: string | undefined, message: string): BidResult {
  if (code === 'WALLET.INSUFFICIENT_FUNDS' || code === 'WALLET.NOT_FOUND') return { kind: 'insufficient' };
  if (code === 'LOT.BID_TOO_LOW')
    return { kind: 'error', message: `Outbid: someone bid at least as much first. ${message}` };
  if (code === 'LOT.CLOSED') return { kind: 'error', message: 'The auction has closed.' };
  if (code === 'BID.OVERLOADED')
    return {
      kind: 'error',
      message: 'Bidding is very busy right now; your bid was not placed. Try again in a moment.',
    };
  // The wallet did not hold the funds in time (slow or down): nothing was placed; a fresh try may succeed.
  if (code === 'BID.NOT_PLACED' || code === 'SAGA.STEP_TIMEOUT')
    return {
      kind: 'error',
      message: 'Your funds could not be held in time, so the bid was not placed. Try again in a moment.',
    };
  return { kind: 'error', message };
}

/** POST /lots/:id/bids; a 202 is long-polled at /bids/:id?waitMs= until it settles (up to ~60 s). */
export async function placeBid(lotId: string, amount: number, address: BidAddress): Promise<BidResult> {
  try {
    const res = await call<BidAnswer>(
      'POST',
      `/lots/${lotId}/bids`,
      { amount, address },
      { 'idempotency-key': newKey() },
    );
    let answer = res.body;
    const until = Date.now() + 60_000;
    while (answer.status === 'PENDING' && Date.now() < until) {
      const asked = Date.now();
      answer = await get<BidAnswer>(`/bids/${answer.bidId}?waitMs=20000`);
      if (answer.status === 'PENDING' && Date.now() - asked < 1_000)
        await new Promise((r) => setTimeout(r, 1_000));
    }
    if (answer.status === 'ACCEPTED')
      return { kind: 'accepted', amount: answer.acceptedAmount ?? answer.amount };
    if (answer.status === 'REJECTED') return rejected(answer.code, answer.reason ?? 'The bid was rejected');
    return { kind: 'error', message: 'The bid is still being decided; refresh in a moment.' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 402) return { kind: 'insufficient' };
    if (e instanceof ApiError) return rejected(e.code, describe(e));
    return { kind: 'error', message: describe(e) };
  }
}
