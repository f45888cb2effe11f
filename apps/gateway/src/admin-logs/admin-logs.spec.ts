import { HttpException } from '@nestjs/common';
import { parseLogQuery } from './admin-logs.http.controller';

describe('parseLogQuery', () => {
  it('keeps the given filters with a 24h default window', () => {
    expect(parseLogQuery({ correlationId: 'c-1', service: 'wallet', level: 'error' })).toEqual({
      correlationId: 'c-1',
      service: 'wallet',
      level: 'error',
      since: '24h',
      limit: 500,
    });
    expect(parseLogQuery({ sagaId: 's:1', since: '15m' })).toMatchObject({ sagaId: 's:1', since: '15m' });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(parseLogQuery({ traceId })).toEqual({ traceId, since: '24h', limit: 500 });
  });

  it.each([
    [{}],
    [{ service: 'wallet' }],
    [{ correlationId: 'a b' }],
    [{ traceId: '4bf92f35 77b3' }],
    [{ correlationId: 'c', since: 'yesterday' }],
    [{ sagaId: ['x'] }],
  ])('refuses %j with 400 REQUEST.INVALID', (raw) => {
    let refusal: unknown;
    try {
      parseLogQuery(raw);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(HttpException);
    expect((refusal as HttpException).getStatus()).toBe(400);
    expect((refusal as HttpException).getResponse()).toMatchObject({ code: 'REQUEST.INVALID' });
  });
});
