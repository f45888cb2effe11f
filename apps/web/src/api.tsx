/** The gateway's HTTP API as the pages use it: JWT in sessionStorage, errors as ApiError {status, code}. */
const TOKEN_KEY = 'gavel.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's structured detail, e.g. `{withdrawable}` of a 402 WALLET.INSUFFICIENT_FUNDS. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Me {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  save: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorOf(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
  };
  const message = Array.isArray(b.message)
    ? b.message.join('; ')
    : typeof b.message === 'string'
      ? b.message
      : `HTTP ${status}`;
  return new ApiError(status, typeof b.code === 'string' ? b.code : `HTTP.${status}`, message, b.details);
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the gateway; a status of 400 or more becomes an ApiError. */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const token = session.token();
  const isForm = body instanceof FormData;
  const res = await fetch(path, {
    method,
    headers: {
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  const parsed = await parse(res);
  if (res.status >= 400) throw errorOf(res.status, parsed);
  return { status: res.status, body: parsed as T };
}

export const get = async <T,>(path: string): Promise<T> => (await call<T>('GET', path)).body;

export const newKey = (): string => crypto.randomUUID();

export const describe = (e: unknown): string =>
  e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
