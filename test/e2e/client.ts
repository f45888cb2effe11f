import { randomUUID } from 'node:crypto';
import { waitFor } from '../support/env';

export interface Address {
  name: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
}

export const GOOD_ADDRESS: Address = {
  name: 'Ada Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015 AA',
  country: 'NL',
};
export const NOWHERE: Address = {
  name: 'X',
  line1: 'Nowhere 1',
  city: 'Atlantis',
  postcode: '00000',
  country: 'ZZ',
};

export interface Order {
  orderId: string;
  status: string;
  code?: string;
  reason?: string;
}

/** A user of the public API (the gateway), holding a JWT. */
export class ApiUser {
  constructor(
    private readonly base: string,
    readonly userId: string,
    private readonly token: string,
  ) {}

  static async register(base: string, role: 'buyer' | 'seller'): Promise<ApiUser> {
    const email = `${role}-${randomUUID()}@example.test`;
    const password = 'correct-horse-battery';
    const reg = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: role, role }),
    });
    if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
    const { userId } = (await reg.json()) as { userId: string };
    return ApiUser.login(base, email, password, userId);
  }

  static async login(base: string, email: string, password: string, userId = ''): Promise<ApiUser> {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    const { accessToken } = (await res.json()) as { accessToken: string };
    return new ApiUser(base, userId, accessToken);
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** One file as a multipart/form-data field (e.g. a lot photo). */
  async upload<T = unknown>(
    path: string,
    field: string,
    file: Blob,
    filename: string,
  ): Promise<{ status: number; body: T }> {
    const form = new FormData();
    form.append(field, file, filename);
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Tops up once the wallet exists (it is opened asynchronously from UserRegistered). */
  async topUp(amount: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const res = await this.call(
        'POST',
        '/wallet/deposits',
        { amount },
        { 'idempotency-key': `topup-${randomUUID()}` },
      );
      if (res.status === 201) return;
      if (res.status !== 404) throw new Error(`top-up: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the wallet was never opened');
  }
}

/** A new item of the seller's with `onHand` units in stock; its sku. */
export async function stockItem(seller: ApiUser, onHand: number, title = 'Lamp'): Promise<string> {
  const sku = `sku-${randomUUID().slice(0, 8)}`;
  expect((await seller.call('POST', '/items', { sku, title, onHand })).status).toBe(201);
  return sku;
}

/** One unit of `sku` ordered from `seller` for `amount`, sent to GOOD_ADDRESS; the order's id (its saga may still run). */
export async function placeOrder(
  buyer: ApiUser,
  seller: ApiUser,
  sku: string,
  amount: number,
): Promise<string> {
  const res = await buyer.call<Order>('POST', '/orders', {
    sku,
    quantity: 1,
    amount,
    sellerId: seller.userId,
    address: GOOD_ADDRESS,
  });
  expect([201, 202]).toContain(res.status);
  return res.body.orderId;
}

/**
 * One unit of `sku` ordered by `buyer` from `seller` for `amount` (an idempotency key of its own unless
 * `key` is given), followed until it is no longer PENDING: the order as the buyer then reads it.
 */
export async function orderSettled(
  buyer: ApiUser,
  seller: ApiUser,
  sku: string,
  amount: number,
  { address = GOOD_ADDRESS, key = randomUUID() }: { address?: Address; key?: string } = {},
): Promise<Order> {
  const res = await buyer.call<Order>(
    'POST',
    '/orders',
    { sku, quantity: 1, amount, sellerId: seller.userId, address },
    { 'idempotency-key': key },
  );
  expect([201, 202]).toContain(res.status);
  if (res.status === 201) return res.body;
  return waitFor(`order ${res.body.orderId} to settle`, async () => {
    const o = await buyer.call<Order>('GET', `/orders/${res.body.orderId}`);
    return o.body.status !== 'PENDING' && o.body;
  });
}
