/**
 * The gateway's public API as the k6 scripts use it (see test/e2e/client.ts): users with JWTs, wallet
 * top-ups, items and lots. Everything here runs in setup() or in VU code; nothing touches a database.
 */
import http, { RefinedResponse, ResponseType } from 'k6/http';
import { sleep } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const ADDRESS = {
  name: 'Load Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015 AA',
  country: 'NL',
};
const PASSWORD = __ENV.PASSWORD || 'correct-horse-battery-k6';

export interface User {
  userId: string;
  token: string;
}

/** A unique enough id without crypto: run start, VU, iteration and randomness. */
export function uid(prefix: string): string {
  const vu = typeof __VU === 'number' ? __VU : 0;
  return `${prefix}-${Date.now().toString(36)}-${vu}-${Math.random().toString(36).slice(2, 10)}`;
}

export function envInt(name: string, fallback: number): number {
  const raw = __ENV[name];
  const value = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

export function authHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra };
}

function must(what: string, res: RefinedResponse<ResponseType | undefined>, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${String(res.body)}`);
}

function field(res: RefinedResponse<ResponseType | undefined>, name: string): string {
  const body = res.json() as Record<string, unknown> | null;
  const value = body ? body[name] : undefined;
  if (typeof value !== 'string') throw new Error(`response has no ${name}: ${String(res.body)}`);
  return value;
}

/** Registers and logs in `count` users of a role, `width` at a time (registration hashes a password). */
export function registerUsers(role: 'buyer' | 'seller', count: number, width = 10): User[] {
  const users: User[] = [];
  for (let start = 0; start < count; start += width) {
    const emails = Array.from(
      { length: Math.min(width, count - start) },
      () => `${uid(`k6-${role}`)}@example.test`,
    );
    const regs = http.batch(
      emails.map((email) => ({
        method: 'POST',
        url: `${BASE_URL}/auth/register`,
        body: JSON.stringify({ email, password: PASSWORD, displayName: role, role }),
        params: { headers: { 'content-type': 'application/json' }, tags: { name: 'register' } },
      })),
    );
    const logins = http.batch(
      emails.map((email) => ({
        method: 'POST',
        url: `${BASE_URL}/auth/login`,
        body: JSON.stringify({ email, password: PASSWORD }),
        params: { headers: { 'content-type': 'application/json' }, tags: { name: 'login' } },
      })),
    );
    regs.forEach((r, i) => {
      must('register', r, 201);
      must('login', logins[i], 200);
      users.push({ userId: field(r, 'userId'), token: field(logins[i], 'accessToken') });
    });
  }
  return users;
}

/** Tops up each user's wallet (opened asynchronously after registration: 404 until then). */
export function topUpAll(users: User[], amount: number): void {
  let pending = users;
  for (let attempt = 0; pending.length > 0 && attempt < 100; attempt++) {
    const answers = http.batch(
      pending.map((u) => ({
        method: 'POST',
        url: `${BASE_URL}/wallet/deposits`,
        body: JSON.stringify({ amount }),
        params: {
          headers: authHeaders(u.token, { 'idempotency-key': uid('k6-topup') }),
          tags: { name: 'deposit' },
        },
      })),
    );
    answers.forEach((r) => {
      if (r.status !== 201 && r.status !== 404) throw new Error(`top-up: ${r.status} ${String(r.body)}`);
    });
    pending = pending.filter((_, i) => answers[i].status === 404);
    if (pending.length > 0) sleep(0.2);
  }
  if (pending.length > 0) throw new Error(`${pending.length} wallets were never opened`);
}

export function createItem(seller: User, onHand: number): string {
  const sku = uid('k6-sku');
  const res = http.post(`${BASE_URL}/items`, JSON.stringify({ sku, title: 'k6 lamp', onHand }), {
    headers: authHeaders(seller.token),
    tags: { name: 'create item' },
  });
  must('item', res, 201);
  return sku;
}

export interface LotSpec {
  startPrice: number;
  increment: number;
  endsInS: number;
}

/** An item and an auction of it with an absolute increment. Returns the lot id. */
export function createLot(seller: User, spec: LotSpec): string {
  const sku = createItem(seller, 1);
  const res = http.post(
    `${BASE_URL}/lots`,
    JSON.stringify({
      title: 'k6 lamp',
      description: 'A lamp auctioned under load',
      sku,
      startPrice: spec.startPrice,
      increment: { kind: 'absolute', value: String(spec.increment) },
      endsAt: new Date(Date.now() + spec.endsInS * 1000).toISOString(),
      softCloseWindowS: 1,
      softCloseExtensionS: 1,
    }),
    { headers: authHeaders(seller.token), tags: { name: 'create lot' } },
  );
  must('lot', res, 201);
  return field(res, 'id');
}
