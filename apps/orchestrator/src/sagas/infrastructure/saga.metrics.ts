import * as client from 'prom-client';
import { registry } from '@app/observability';
import { Decided, isTerminal, SagaState } from '@app/saga';
import { StoredSagaEvent } from './saga-event.store';

export const sagasStarted = new client.Counter({
  name: 'gavel_sagas_started_total',
  help: 'Sagas started, by type',
  labelNames: ['type'] as const,
  registers: [registry],
});

export const sagasFinished = new client.Counter({
  name: 'gavel_sagas_finished_total',
  help: 'Sagas that reached a terminal status (COMPLETED, COMPENSATED, COMPENSATION_FAILED, ABORTED)',
  labelNames: ['type', 'status'] as const,
  registers: [registry],
});

export const sagaStepDuration = new client.Histogram({
  name: 'gavel_saga_step_duration_seconds',
  help: 'From the first command of a forward step to its success or failure reply',
  labelNames: ['type', 'step'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export const sagaTimersFired = new client.Counter({
  name: 'gavel_saga_timers_fired_total',
  help: 'Timers fired by the poller, by the engine outcome (decided, ignored)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** Observes one committed-to-be decision (metrics may over-count if the transaction later rolls back). */
export function observeDecision(
  before: SagaState,
  decision: Decided,
  history: readonly StoredSagaEvent[],
  now: number,
): void {
  const after = decision.state;
  const type = after.sagaType;
  if (before.status === 'NEW') sagasStarted.inc({ type });
  if (before.status !== after.status && isTerminal(after.status)) sagasFinished.inc({ type, status: after.status });
  for (const event of decision.events) {
    if (event.type !== 'StepSucceeded' && event.type !== 'StepFailed') continue;
    const issued = history.find(
      (e) => e.event.type === 'StepCommandIssued' && e.event.data.commandId === event.data.commandId,
    );
    if (issued) sagaStepDuration.observe({ type, step: event.data.step }, (now - issued.at.getTime()) / 1000);
  }
}
