import { WithdrawalFailureCodes as F } from '@app/contracts';
import {
  ChainObservation,
  classifyBroadcastError,
  decideWithdrawalHold,
  decideWithdrawalRelease,
  judgeTransaction,
  nextNonce,
  weiFor,
  withdrawable,
} from './withdrawal';

const funds = { balance: 10_000n, held: 3_000n, proceeds: 1_900n };
const ok = { amount: 1_000n, source: 'available' as const, addressLinked: true, hotWallet: true };

describe('withdrawal hold', () => {
  it('withdraws available deposits (balance − held) or proceeds, never on-chain value', () => {
    expect(withdrawable(funds, 'available')).toBe(7_000n);
    expect(withdrawable(funds, 'proceeds')).toBe(1_900n);
    // holds backed by on-chain value push available below zero: nothing to withdraw
    expect(withdrawable({ balance: 100n, held: 500n, proceeds: 0n }, 'available')).toBe(0n);
  });

  it('holds what fits', () => {
    expect(decideWithdrawalHold(funds, { ...ok, amount: 7_000n })).toEqual({ kind: 'held' });
    expect(decideWithdrawalHold(funds, { ...ok, source: 'proceeds', amount: 1_900n })).toEqual({
      kind: 'held',
    });
  });

  it.each([
    [{ ...ok, amount: 7_001n }, funds, F.insufficientFunds],
    [{ ...ok, source: 'proceeds' as const, amount: 1_901n }, funds, F.insufficientFunds],
    [{ ...ok, addressLinked: false }, funds, F.addressNotLinked],
    [ok, undefined, F.notFound],
    [{ ...ok, hotWallet: false }, funds, F.chainRejected],
  ])('refuses (case %#)', (request, f, code) => {
    expect(decideWithdrawalHold(f, request)).toMatchObject({ kind: 'refused', code });
  });
});

describe('withdrawal release (the hold compensation)', () => {
  it('returns the money of a withdrawal whose transaction failed, or was never signed', () => {
    for (const txState of ['NONE', 'REJECTED', 'REVERTED', 'DROPPED'] as const)
      expect(decideWithdrawalRelease({ status: 'FAILED', txState, holdStatus: 'ACTIVE' })).toEqual({
        kind: 'released',
      });
  });

  it('is a no-op when nothing was held or it was released already', () => {
    expect(decideWithdrawalRelease(undefined).kind).toBe('ignored');
    expect(decideWithdrawalRelease({ status: 'FAILED', txState: 'NONE', holdStatus: null }).kind).toBe(
      'ignored',
    );
    expect(
      decideWithdrawalRelease({ status: 'FAILED', txState: 'DROPPED', holdStatus: 'RELEASED' }).kind,
    ).toBe('ignored');
  });

  it('refuses while a transaction may still be mined, or was: never paid twice', () => {
    for (const txState of ['SIGNED', 'BROADCAST', 'MINED'] as const)
      expect(decideWithdrawalRelease({ status: 'SENT', txState, holdStatus: 'ACTIVE' })).toMatchObject({
        kind: 'refused',
        code: F.inFlight,
      });
  });
});

describe('judging a transaction on the chain', () => {
  const base: ChainObservation = {
    receipt: null,
    head: 100n,
    nonceCountAtDepth: 7n,
    nonce: 7n,
    confirmations: 3,
    ageMs: 1_000,
    dropAfterMs: 60_000,
    replaced: false,
  };

  it('confirmed once `confirmations` deep, burying before', () => {
    expect(judgeTransaction({ ...base, receipt: { status: 1, blockNumber: 99n } })).toEqual({
      kind: 'burying',
      depth: 2,
    });
    expect(judgeTransaction({ ...base, receipt: { status: 1, blockNumber: 98n } })).toEqual({
      kind: 'confirmed',
      blockNumber: 98n,
      depth: 3,
    });
  });

  it('reverted (status 0) once deep enough', () => {
    expect(judgeTransaction({ ...base, receipt: { status: 0, blockNumber: 98n } }).kind).toBe('reverted');
    expect(judgeTransaction({ ...base, receipt: { status: 0, blockNumber: 100n } }).kind).toBe('burying');
  });

  it('not mined: rebroadcast until the deadline, then replace, then wait for either', () => {
    expect(judgeTransaction(base)).toEqual({ kind: 'rebroadcast' });
    expect(judgeTransaction({ ...base, ageMs: 60_000 })).toEqual({ kind: 'replace' });
    expect(judgeTransaction({ ...base, ageMs: 60_000, replaced: true })).toEqual({
      kind: 'awaitReplacement',
    });
  });

  it('dropped only when its nonce is used deep enough by another transaction', () => {
    expect(judgeTransaction({ ...base, nonceCountAtDepth: 8n, replaced: true }).kind).toBe('dropped');
    // the original mined after all (it won the race with its replacement): it counts
    expect(
      judgeTransaction({
        ...base,
        nonceCountAtDepth: 8n,
        replaced: true,
        receipt: { status: 1, blockNumber: 90n },
      }).kind,
    ).toBe('confirmed');
  });
});

describe('nonces and amounts', () => {
  it('takes the lowest nonce at or above the mined count that no transaction in flight holds', () => {
    expect(nextNonce(5n, [])).toBe(5n);
    expect(nextNonce(5n, [5n, 6n])).toBe(7n);
    // a rejected transaction freed nonce 5 while 6 is in flight: 5 is used again, no gap
    expect(nextNonce(5n, [6n])).toBe(5n);
  });

  it('converts minor units to wei at the configured rate', () => {
    expect(weiFor(2_500n, 10n ** 13n)).toBe(25n * 10n ** 15n);
  });

  it('classifies node errors', () => {
    expect(classifyBroadcastError('already known')).toBe('known');
    expect(classifyBroadcastError('Transaction nonce too low')).toBe('nonceUsed');
    expect(classifyBroadcastError('insufficient funds for gas * price + value')).toEqual({
      rejected: 'insufficient funds for gas * price + value',
    });
  });
});
