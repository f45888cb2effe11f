import { Logger } from '@nestjs/common';
import type { HistoryEventRow, ParticipantEntry } from '../domain/reconciliation';
import type {
  ParticipantCommandLogsPort,
  SagaCursor,
  SagaHistoryPort,
  SagaPageRow,
  SagaWalkFilter,
} from './reconciliation.ports';
import { ReconciliationService } from './reconciliation.service';

const now = new Date('2026-01-01T12:00:00Z');
const old = new Date(now.getTime() - 3_600_000);

/** n completed sagas, each with a wallet command and a payment command, all logged as successes. */
function store(n: number) {
  const sagas: SagaPageRow[] = Array.from({ length: n }, (_, i) => {
    const id = `s-${String(i).padStart(5, '0')}`;
    return { id, type: 'Order', status: 'COMPLETED', updatedAt: old, cursor: { at: old.toISOString(), id } };
  });
  const events = new Map<string, HistoryEventRow[]>(
    sagas.map((s) => [
      s.id,
      [
        { type: 'StepCommandIssued', data: { step: 'hold', participant: 'wallet', commandId: `${s.id}-w` } },
        { type: 'StepSucceeded', data: { step: 'hold', commandId: `${s.id}-w` } },
        {
          type: 'StepCommandIssued',
          data: { step: 'charge', participant: 'payment', commandId: `${s.id}-p` },
        },
        { type: 'StepSucceeded', data: { step: 'charge', commandId: `${s.id}-p` } },
      ],
    ]),
  );
  const pages: number[] = [];
  const history: SagaHistoryPort = {
    async page(_f: SagaWalkFilter, after: SagaCursor | undefined, size: number) {
      pages.push(size);
      const from = after ? sagas.findIndex((s) => s.id === after.id) + 1 : 0;
      return sagas.slice(from, from + size);
    },
    async events(ids: readonly string[]) {
      return new Map(ids.map((id) => [id, events.get(id) ?? []]));
    },
  };
  return { sagas, history, pages };
}

class FakeLogs implements ParticipantCommandLogsPort {
  readonly calls: { participant: string; size: number }[] = [];
  constructor(
    private readonly down = new Set<string>(),
    private readonly missing = new Set<string>(),
  ) {}
  async lookup(participant: string, ids: readonly string[]): Promise<ParticipantEntry[]> {
    this.calls.push({ participant, size: ids.length });
    if (this.down.has(participant)) throw new Error(`${participant}: connect ECONNREFUSED`);
    return ids
      .filter((id) => !this.missing.has(id))
      .map((commandId) => ({ commandId, outcome: 'success', replyType: 'done', at: old.toISOString() }));
  }
}

describe('ReconciliationService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('walks every saga in pages and asks each participant in batches of at most 1000 ids', async () => {
    const { history } = store(1200);
    const logs = new FakeLogs();
    const report = await new ReconciliationService(history, logs).reconcile({ graceMs: 60_000 }, () => now);
    expect(report).toMatchObject({
      checkedSagas: 1200,
      checkedCommands: 2400,
      disagreements: [],
      unreachable: [],
      complete: true,
      truncated: false,
    });
    expect(logs.calls.every((c) => c.size <= 1000)).toBe(true);
    expect(logs.calls.filter((c) => c.participant === 'wallet').reduce((n, c) => n + c.size, 0)).toBe(1200);
  });

  it('reports what disagrees, with the saga it belongs to', async () => {
    const { history } = store(3);
    const report = await new ReconciliationService(
      history,
      new FakeLogs(new Set(), new Set(['s-00001-p'])),
    ).reconcile({ graceMs: 60_000 }, () => now);
    expect(report.disagreements).toEqual([
      expect.objectContaining({
        sagaId: 's-00001',
        step: 'charge',
        participant: 'payment',
        history: 'success',
        participantOutcome: 'none',
        kind: 'missing-at-participant',
      }),
    ]);
  });

  it('a participant that cannot be asked makes the check incomplete (no disagreement); asked once', async () => {
    const { history } = store(450);
    const logs = new FakeLogs(new Set(['payment']));
    const report = await new ReconciliationService(history, logs).reconcile({ graceMs: 60_000 }, () => now);
    expect(report).toMatchObject({
      checkedSagas: 450,
      checkedCommands: 450,
      disagreements: [],
      complete: false,
    });
    expect(report.unreachable).toEqual([
      { participant: 'payment', reason: 'payment: connect ECONNREFUSED', uncheckedCommands: 450 },
    ]);
    expect(logs.calls.filter((c) => c.participant === 'payment')).toHaveLength(1);
  });

  it('stops at the limit and says the walk was truncated', async () => {
    const { history } = store(250);
    const limited = await new ReconciliationService(history, new FakeLogs()).reconcile(
      { graceMs: 0, limit: 210 },
      () => now,
    );
    expect(limited).toMatchObject({ checkedSagas: 210, checkedCommands: 420, truncated: true });
    const exact = await new ReconciliationService(history, new FakeLogs()).reconcile(
      { graceMs: 0, limit: 250 },
      () => now,
    );
    expect(exact).toMatchObject({ checkedSagas: 250, truncated: false });
  });

  it('checks a saga once even when it comes round again in the walk (it changed meanwhile)', async () => {
    const { history, sagas } = store(201);
    let served = 0;
    const moving: SagaHistoryPort = {
      ...history,
      async page() {
        served += 1;
        if (served === 1) return sagas.slice(0, 200);
        if (served === 2) return [sagas[200], { ...sagas[0], cursor: { at: 'later', id: sagas[0].id } }];
        return [];
      },
    };
    const report = await new ReconciliationService(moving, new FakeLogs()).reconcile(
      { graceMs: 0 },
      () => now,
    );
    expect(report).toMatchObject({ checkedSagas: 201, checkedCommands: 402 });
  });
});
