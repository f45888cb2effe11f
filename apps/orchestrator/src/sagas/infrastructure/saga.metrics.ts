import * as client from 'prom-client';
import { registry } from '@app/observability';
import { Decided, isTerminal, SagaState } from '@app/saga';

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

export const sagaIncidentsRaised = new client.Counter({
  name: 'gavel_saga_incidents_raised_total',
  help:
    'Incidents raised (a command unanswered for incidentAfterAttempts attempts; the saga keeps trying), ' +
    'by saga type',
  labelNames: ['type'] as const,
  registers: [registry],
});

export const sagaIncidentsResolved = new client.Counter({
  name: 'gavel_saga_incidents_resolved_total',
  help: 'Incidents resolved, by saga type and resolution (answered, refused, operator, deadline, ended)',
  labelNames: ['type', 'resolution'] as const,
  registers: [registry],
});

let readOpenIncidents: (() => Promise<void>) | undefined;

/**
 * Sagas with an open incident now, by type: read from the `sagas` projection at scrape time (see
 * OpenIncidentsGauge), so every replica reports the same cluster-wide figure — aggregate with max, not sum.
 */
export const sagaIncidentsOpen = new client.Gauge({
  name: 'gavel_saga_incidents_open',
  help: 'Sagas with an open incident (from the sagas projection, cluster-wide), by saga type',
  labelNames: ['type'] as const,
  registers: [registry],
  collect: () => readOpenIncidents?.(),
});

/** Installs (or removes) what refreshes gavel_saga_incidents_open on a scrape. */
export function onOpenIncidentsScrape(read: (() => Promise<void>) | undefined): void {
  readOpenIncidents = read;
}

/** The gauge's values: every known saga type (0 when it has none open) plus any other type found. */
export function openIncidentValues(
  knownTypes: readonly string[],
  counts: readonly { type: string; n: number }[],
): Map<string, number> {
  const values = new Map(knownTypes.map((type) => [type, 0]));
  for (const { type, n } of counts) values.set(type, n);
  return values;
}

/** Observes one committed-to-be decision (metrics may over-count if the transaction later rolls back). */
export function observeDecision(
  before: SagaState,
  decision: Decided,
  /** When the command with this id was first issued (epoch ms), if known. */
  issuedAt: (commandId: string) => number | undefined,
  now: number,
): void {
  const after = decision.state;
  const type = after.sagaType;
  if (before.status === 'NEW') sagasStarted.inc({ type });
  if (before.status !== after.status && isTerminal(after.status))
    sagasFinished.inc({ type, status: after.status });
  for (const event of decision.events) {
    if (event.type === 'IncidentRaised') sagaIncidentsRaised.inc({ type });
    if (event.type === 'IncidentResolved')
      sagaIncidentsResolved.inc({ type, resolution: event.data.resolution });
    if (event.type !== 'StepSucceeded' && event.type !== 'StepFailed') continue;
    const issued = issuedAt(event.data.commandId);
    if (issued !== undefined)
      sagaStepDuration.observe({ type, step: event.data.step }, (now - issued) / 1000);
  }
}
