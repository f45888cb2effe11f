import { logFiltersOf, logSearchPath, sagaTraces, traceIdOf, TracedEvent } from './saga-traces';

const A = '4bf92f3577b34da6a3ce929d0e0e4736';
const B = '0af7651916cd43dd8448eb211c80319c';
const tp = (traceId: string): string => `00-${traceId}-00f067aa0ba902b7-01`;

describe('traceIdOf', () => {
  it('is the second field of a W3C traceparent', () => {
    expect(traceIdOf(tp(A))).toBe(A);
    expect(traceIdOf(`01-${B}-00f067aa0ba902b7-00-extra`)).toBe(B);
  });

  it.each([
    undefined,
    '',
    'nonsense',
    `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
    `00-${A.toUpperCase()}-00f067aa0ba902b7-01`,
  ])('is undefined for %j', (header) => expect(traceIdOf(header)).toBeUndefined());
});

describe('sagaTraces', () => {
  it('lists each trace once, in the order it first appears, with its events and who started it', () => {
    const events: TracedEvent[] = [
      { seq: 3, type: 'StepSucceeded', metadata: { actor: 'reply', traceparent: tp(A) } },
      { seq: 1, type: 'SagaStarted', metadata: { actor: 'http', traceparent: tp(A) } },
      { seq: 2, type: 'StepCommandIssued', metadata: { actor: 'http', traceparent: tp(A) } },
      { seq: 4, type: 'StepCommandIssued', metadata: { actor: 'timer', traceparent: tp(B) } },
      { seq: 5, type: 'StepSucceeded', metadata: { actor: 'reply', traceparent: tp(A) } },
      { seq: 6, type: 'SagaCompleted' },
      { seq: 7, type: 'OperatorAbortRequested', metadata: { actor: 'operator' } },
    ];
    expect(sagaTraces(events)).toEqual([
      { traceId: A, events: 4, firstSeq: 1, lastSeq: 5, startedBy: 'http' },
      { traceId: B, events: 1, firstSeq: 4, lastSeq: 4, startedBy: 'timer' },
    ]);
  });

  it('is empty when no event kept a trace context', () => {
    expect(sagaTraces([{ seq: 1, type: 'SagaStarted' }])).toEqual([]);
  });
});

describe('log search paths', () => {
  it('names the given filters in the query string, and reads them back', () => {
    const path = logSearchPath({ correlationId: 'c-9', traceId: A, sagaId: ' ' });
    expect(path).toBe(`/ops/logs?correlationId=c-9&traceId=${A}`);
    expect(logFiltersOf(new URLSearchParams(path.split('?')[1]))).toEqual({
      correlationId: 'c-9',
      traceId: A,
    });
    expect(logSearchPath({})).toBe('/ops/logs');
  });
});
