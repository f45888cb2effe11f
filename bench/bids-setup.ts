/**
 * Fixtures for the bids benchmark, made through the gateway's public API only (as a user would):
 * a seller with one item and one lot per auction, buyers with JWTs and funded wallets.
 */
import { randomUUID } from 'node:crypto';

export const ADDRESS = {
  name: 'Bench Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015 AA',
  country: 'NL',
};
const PASSWORD = 'correct-horse-battery-bench';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface User {
  userId: string;
  token: string;
}

export interface Answer<T> {
  status: number;
  body: T;
}

export async function call<T>(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

function expectStatus<T>(what: string, answer: Answer<T>, ...ok: number[]): T {
  if (!ok.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function register(base: string, role: 'buyer' | 'seller', run: string): Promise<User> {
  const email = `bench-${run}-${role}-${randomUUID()}@example.test`;
  const reg = expectStatus(
    'register',
    await call<{ userId: string }>(base, 'POST', '/auth/register', undefined, {
      email,
      password: PASSWORD,
      displayName: role,
      role,
    }),
    201,
  );
  const login = expectStatus(
    'login',
    await call<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    }),
    200,
  );
  return { userId: reg.userId, token: login.accessToken };
}

/** Tops up once the wallet exists (it is opened asynchronously from UserRegistered). */
export async function topUp(base: string, user: User, amount: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const res = await call(
      base,
      'POST',
      '/wallet/deposits',
      user.token,
      { amount },
      { 'idempotency-key': `bench-topup-${randomUUID()}` },
    );
    if (res.status === 201) return;
    if (res.status !== 404) throw new Error(`top-up: ${res.status} ${JSON.stringify(res.body)}`);
    await sleep(100);
  }
  throw new Error(`the wallet of ${user.userId} was never opened`);
}

/** Runs `make(i)` for i in [0, n) with at most `width` at a time (registration hashes passwords: CPU-bound). */
export async function inBatches<T>(n: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  return out;
}

export interface LotSpec {
  startPrice: number;
  increment: number;
  endsAt: Date;
}

export async function createLot(base: string, seller: User, run: string, spec: LotSpec): Promise<string> {
  const sku = `bench-${run}-${randomUUID().slice(0, 8)}`;
  expectStatus(
    'item',
    await call(base, 'POST', '/items', seller.token, { sku, title: 'Bench lamp', onHand: 1 }),
    201,
  );
  const lot = await call<{ id: string }>(base, 'POST', '/lots', seller.token, {
    title: 'Bench lamp',
    description: 'A lamp auctioned by the bids benchmark',
    sku,
    startPrice: spec.startPrice,
    increment: { kind: 'absolute', value: String(spec.increment) },
    endsAt: spec.endsAt.toISOString(),
    softCloseWindowS: 1,
    softCloseExtensionS: 1,
  });
  return expectStatus('lot', lot, 201).id;
}
