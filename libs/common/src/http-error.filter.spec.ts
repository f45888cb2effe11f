import { ArgumentsHost } from '@nestjs/common';
import { DomainError } from './errors';
import { HttpErrorFilter } from './http-error.filter';

function answer(exception: unknown): {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
} {
  const out = { status: 0, body: {} as Record<string, unknown>, headers: {} as Record<string, string> };
  const res = {
    setHeader: (name: string, value: string) => (out.headers[name] = value),
    status: (status: number) => ((out.status = status), res),
    json: (body: Record<string, unknown>) => (out.body = body),
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ headers: { 'x-correlation-id': 'c-1' } }),
    }),
  } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return out;
}

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('HttpErrorFilter', () => {
  it('a database that is restarting or unreachable is 503 SERVICE.UNAVAILABLE with Retry-After, not 500', () => {
    for (const e of [
      pgError('57P03', 'the database system is shutting down'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED'),
    ]) {
      const out = answer(e);
      expect(out).toMatchObject({
        status: 503,
        body: { code: 'SERVICE.UNAVAILABLE', correlationId: 'c-1' },
        headers: { 'Retry-After': '1' },
      });
    }
  });

  it('a bug stays a 500 INTERNAL; a domain error keeps its code and status', () => {
    expect(answer(pgError('23514', 'violates check'))).toMatchObject({
      status: 500,
      body: { code: 'INTERNAL' },
      headers: {},
    });
    expect(answer(new DomainError('WALLET.NOT_FOUND', 'no wallet', 'not_found'))).toMatchObject({
      status: 404,
      body: { code: 'WALLET.NOT_FOUND', message: 'no wallet' },
    });
  });
});
