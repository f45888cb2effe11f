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
  });

  it.each([
    [{}],
    [{ service: 'wallet' }],
    [{ correlationId: 'a b' }],
    [{ correlationId: 'c', since: 'yesterday' }],
    [{ sagaId: ['x'] }],
  ])('refuses %j with 400', (raw) => {
    try {
      parseLogQuery(raw);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(HttpException);
      expect((e as HttpException).getStatus()).toBe(400);
    }
  });
});
