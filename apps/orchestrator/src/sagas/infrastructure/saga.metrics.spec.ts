import { Decided, initialSagaState, SagaEvent, SagaState } from '@app/saga';
import { opsColumns } from './saga-projection.repository';
import {
  observeDecision,
  openIncidentValues,
  sagaIncidentsRaised,
  sagaIncidentsResolved,
} from './saga.metrics';

const running: SagaState = {
  ...initialSagaState(),
  status: 'RUNNING',
  sagaId: 's1',
  sagaType: 'MetricsProbe',
  seq: 3,
};

const decided = (events: SagaEvent[], state: SagaState = running): Decided => ({
  kind: 'decided',
  events,
  effects: [],
  state,
});

const valueOf = async (
  counter: typeof sagaIncidentsRaised | typeof sagaIncidentsResolved,
  labels: Record<string, string>,
): Promise<number> =>
  (await counter.get()).values.find((v) => {
    const actual: Record<string, unknown> = v.labels;
    return Object.entries(labels).every(([k, x]) => actual[k] === x);
  })?.value ?? 0;

describe('saga incident metrics', () => {
  it('counts raised and resolved incidents by saga type (and resolution)', async () => {
    const raised: SagaEvent = {
      type: 'IncidentRaised',
      data: {
        step: 'charge',
        phase: 'forward',
        commandId: 'c1',
        attempts: 5,
        reason: 'no reply before the attempt timed out',
        at: 1,
      },
    };
    const resolved: SagaEvent = {
      type: 'IncidentResolved',
      data: { step: 'charge', commandId: 'c1', resolution: 'answered', at: 2 },
    };
    observeDecision(running, decided([raised]), () => undefined, 10);
    observeDecision(running, decided([raised]), () => undefined, 10);
    observeDecision(running, decided([resolved]), () => undefined, 20);
    expect(await valueOf(sagaIncidentsRaised, { type: 'MetricsProbe' })).toBe(2);
    expect(await valueOf(sagaIncidentsResolved, { type: 'MetricsProbe', resolution: 'answered' })).toBe(1);
  });

  it('reports every known saga type, 0 when none is open, and a type found outside the catalog too', () => {
    expect([
      ...openIncidentValues(
        ['Order', 'PlaceBid'],
        [
          { type: 'Order', n: 3 },
          { type: 'Legacy', n: 1 },
        ],
      ),
    ]).toEqual([
      ['Order', 3],
      ['PlaceBid', 0],
      ['Legacy', 1],
    ]);
  });
});

describe('the projection’s ops columns', () => {
  it('are empty while nothing is awaited', () => {
    expect(opsColumns(running)).toEqual({ attempt: null, lastError: null, incident: null });
  });

  it('carry the awaited attempt, its last error and the open incident with its start time', () => {
    const state: SagaState = {
      ...running,
      status: 'COMPENSATING',
      outstanding: {
        phase: 'compensation',
        step: 'charge',
        participant: 'payment',
        commandId: 'c9',
        command: { type: 'payment.refund', data: {} },
        attempt: 7,
        awaiting: 'retry',
        lastError: 'no reply before the attempt timed out',
      },
      incident: {
        step: 'charge',
        phase: 'compensation',
        commandId: 'c9',
        attempts: 5,
        reason: 'no reply',
        raisedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
      },
    };
    expect(opsColumns(state)).toEqual({
      attempt: 7,
      lastError: 'no reply before the attempt timed out',
      incident: {
        step: 'charge',
        phase: 'compensation',
        commandId: 'c9',
        attempts: 5,
        reason: 'no reply',
        since: new Date('2025-01-02T03:04:05.000Z'),
      },
    });
  });
});
