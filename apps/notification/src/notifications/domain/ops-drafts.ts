import { NotificationDraft, NotificationKinds } from './notification';

/**
 * Saga incidents → notifications to every admin, as pure functions (ops news, not a user's own). Field
 * shapes mirror SagaIncidentData in `@app/contracts` (structural here, to keep the domain import-free).
 */
export interface IncidentFacts {
  sagaId: string;
  sagaType: string;
  step: string;
  commandId: string;
  /** Attempts so far (raised only). */
  attempts?: number;
  /** The last error (raised) or how it was resolved: answered, refused, operator, deadline, ended. */
  reason: string;
}

const RESOLUTIONS: Record<string, string> = {
  answered: 'the participant answered',
  refused: 'the participant refused the command',
  operator: 'an operator acted on the saga',
  deadline: "the step's deadline passed and the saga turned back",
  ended: 'the saga ended',
};

const toEachAdmin = (
  adminIds: readonly string[],
  draft: Omit<NotificationDraft, 'userId'>,
): NotificationDraft[] => [...new Set(adminIds)].map((userId) => ({ userId, ...draft }));

/** A command unanswered past its threshold: the saga keeps retrying, ops should look. */
export function incidentRaised(e: IncidentFacts, adminIds: readonly string[]): NotificationDraft[] {
  const attempts =
    e.attempts === undefined ? 'several attempts' : `${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`;
  return toEachAdmin(adminIds, {
    kind: NotificationKinds.incidentRaised,
    title: 'Saga incident: a participant does not answer',
    body:
      `${e.sagaType} saga ${e.sagaId} got no answer to step "${e.step}" after ${attempts}` +
      `${e.reason ? ` (${e.reason})` : ''}. ` +
      'It keeps retrying; the ops page lists it under Needs attention (retry, skip or abort).',
    data: {
      sagaId: e.sagaId,
      sagaType: e.sagaType,
      step: e.step,
      commandId: e.commandId,
      attempts: e.attempts,
      reason: e.reason,
    },
  });
}

/** The incident is over (the saga may still need attention for another reason, e.g. a refusal). */
export function incidentResolved(e: IncidentFacts, adminIds: readonly string[]): NotificationDraft[] {
  const how = RESOLUTIONS[e.reason] ?? e.reason;
  return toEachAdmin(adminIds, {
    kind: NotificationKinds.incidentResolved,
    title: 'Saga incident resolved',
    body: `${e.sagaType} saga ${e.sagaId}: the incident on step "${e.step}" is over: ${how}.`,
    data: {
      sagaId: e.sagaId,
      sagaType: e.sagaType,
      step: e.step,
      commandId: e.commandId,
      resolution: e.reason,
    },
  });
}
