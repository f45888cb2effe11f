import { DomainError } from '@app/common';
import { initialSagaState } from '@app/saga';
import { retryingLostRaces } from './saga-event.store';
import { answerStart } from './saga-requests';

const running = { ...initialSagaState(), status: 'RUNNING' as const };
const conflict = (id: string) => new DomainError('THING.ALREADY_EXISTS', `Thing ${id}`, 'conflict');

describe('answerStart', () => {
  it('answers a new saga as created and the same start again as not created', () => {
    expect(answerStart('s1', { kind: 'started', state: running }, conflict)).toEqual({
      sagaId: 's1',
      status: 'RUNNING',
      created: true,
    });
    expect(answerStart('s1', { kind: 'existing', state: running, same: true }, conflict)).toEqual({
      sagaId: 's1',
      status: 'RUNNING',
      created: false,
    });
  });

  it("throws the saga type's conflict for the same id with other data", () => {
    expect(() => answerStart('s1', { kind: 'existing', state: running, same: false }, conflict)).toThrow(
      expect.objectContaining({ code: 'THING.ALREADY_EXISTS', kind: 'conflict' }),
    );
  });

  it("throws the engine's refusal with its code", () => {
    const refused = {
      kind: 'refused' as const,
      state: running,
      code: 'UNKNOWN_DEFINITION' as const,
      reason: 'no',
    };
    expect(() => answerStart('s1', refused, conflict)).toThrow(
      expect.objectContaining({ code: 'SAGA.UNKNOWN_DEFINITION', kind: 'conflict' }),
    );
  });
});

describe('retryingLostRaces', () => {
  const lostRace = Object.assign(new Error('duplicate key'), { code: '23505' });

  it('runs the transaction again after a lost race, up to three attempts', async () => {
    let calls = 0;
    await expect(
      retryingLostRaces(async () => {
        calls++;
        if (calls < 3) throw lostRace;
        return 'won';
      }),
    ).resolves.toBe('won');
    calls = 0;
    await expect(
      retryingLostRaces(async () => {
        calls++;
        throw lostRace;
      }),
    ).rejects.toBe(lostRace);
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const boom = new Error('boom');
    await expect(
      retryingLostRaces(async () => {
        calls++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});
