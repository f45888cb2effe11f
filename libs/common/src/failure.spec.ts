import { DomainError } from './errors';
import { describeError, isTransient } from './failure';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isTransient', () => {
  it.each([
    ['connection failure', pgError('08006')],
    ['serialization failure', pgError('40001')],
    ['deadlock', pgError('40P01')],
    ['admin shutdown', pgError('57P01')],
    ['too many connections', pgError('53300')],
    ['refused socket', pgError('ECONNREFUSED')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
  ])('retries a %s', (_name, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['unique violation', pgError('23505')],
    ['check violation', pgError('23514')],
    ['invalid text representation', pgError('22P02')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a business rule', new DomainError('X.Y', 'no', 'conflict')],
  ])('does not retry a %s', (_name, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it('describes errors with their code', () => {
    expect(describeError(pgError('23514', 'violates check'))).toBe('23514: violates check');
    expect(describeError(new DomainError('WALLET.X', 'bad', 'conflict'))).toBe('WALLET.X: bad');
  });
});
