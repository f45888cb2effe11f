/**
 * Reconciliation of a saga's recorded step outcomes with the participants' command logs (pure: the
 * history rows and the participants' entries come in, the disagreements go out; `now` is given).
 * A saga's history must never disagree with its participants: a reply the participant kept is either
 * recorded in the history (StepSucceeded/Failed, CompensationSucceeded/Failed, LateReplyRecorded) with
 * the same outcome, or still in flight.
 */
import { isTerminal, SagaStatus } from '@app/saga';

export type Outcome = 'success' | 'failure';
export type HistoryOutcome = Outcome | 'none';
export type Phase = 'forward' | 'compensation';

/**
 * - reply-not-in-history: the participant kept a reply the saga never recorded (a);
 * - outcome-mismatch: both have an outcome and they differ (b);
 * - missing-at-participant: the history records a success the participant never logged (c).
 */
export type DisagreementKind = 'reply-not-in-history' | 'outcome-mismatch' | 'missing-at-participant';

/** One `saga_events` row, as far as reconciliation reads it. */
export interface HistoryEventRow {
  type: string;
  data: { step?: string; commandId?: string; participant?: string; outcome?: string; phase?: string };
}

/** A command the saga issued and the outcome its history records (the last one, if several). */
export interface HistoryCommand {
  commandId: string;
  step: string;
  phase: Phase;
  participant: string;
  history: HistoryOutcome;
}

export interface SagaSummary {
  id: string;
  type: string;
  status: SagaStatus;
  updatedAt: Date;
}

/** What a participant's `command_log` holds for a commandId (`POST /command-log/lookup`). */
export interface ParticipantEntry {
  commandId: string;
  outcome: Outcome;
  replyType: string;
  code?: string;
  at?: string;
}

export interface Disagreement {
  sagaId: string;
  sagaType: string;
  sagaStatus: SagaStatus;
  step: string;
  phase: Phase;
  commandId: string;
  participant: string;
  history: HistoryOutcome;
  participantOutcome: Outcome | 'none';
  kind: DisagreementKind;
  /** The reply the participant kept, when it kept one. */
  participantReply?: { type: string; code?: string; at?: string };
}

const ISSUED: Record<string, Phase> = {
  StepCommandIssued: 'forward',
  CompensationCommandIssued: 'compensation',
};
const RECORDED: Record<string, Outcome> = {
  StepSucceeded: 'success',
  StepFailed: 'failure',
  CompensationSucceeded: 'success',
  // The participant refused the compensation (a failure reply). A timeout (CompensationAttemptFailed)
  // or an operator's skip (CompensationSkipped) is no answer and records no outcome.
  CompensationFailed: 'failure',
};

/** The saga event types `commandsOf` reads; the rest of the stream can be left in the database. */
export const RECONCILED_EVENT_TYPES: readonly string[] = [
  ...Object.keys(ISSUED),
  ...Object.keys(RECORDED),
  'LateReplyRecorded',
];

/**
 * Every command the saga issued (a retry re-issues the same commandId) with the outcome its history
 * records: the last of StepSucceeded/StepFailed, CompensationSucceeded/CompensationFailed and
 * LateReplyRecorded for that commandId, or `none`. Events must be in `seq` order.
 */
export function commandsOf(events: readonly HistoryEventRow[]): HistoryCommand[] {
  const commands = new Map<string, HistoryCommand>();
  for (const { type, data } of events) {
    const { commandId, step } = data;
    if (typeof commandId !== 'string' || typeof step !== 'string') continue;
    const phase = ISSUED[type];
    if (phase) {
      if (!commands.has(commandId))
        commands.set(commandId, {
          commandId,
          step,
          phase,
          participant: data.participant ?? '',
          history: 'none',
        });
      continue;
    }
    const outcome = type === 'LateReplyRecorded' ? asOutcome(data.outcome) : RECORDED[type];
    const command = commands.get(commandId);
    // An outcome for a command the stream never issued names no participant to ask: nothing to compare.
    if (outcome && command) command.history = outcome;
  }
  return [...commands.values()].filter((c) => c.participant !== '');
}

const asOutcome = (value: unknown): Outcome | undefined =>
  value === 'success' || value === 'failure' ? value : undefined;

export interface CompareOptions {
  now: Date;
  /** A reply younger than this (or kept for a saga changed more recently) may still be on its way. */
  graceMs: number;
}

/**
 * The disagreements between one saga's commands and what the participants logged for them
 * (`entries` by commandId; commands of unreachable participants must be left out by the caller).
 * A history failure the participant never logged agrees: a refusal changes nothing there, and an
 * unexpected error (PARTICIPANT.ERROR) is deliberately not kept, so an operator's retry runs again.
 */
export function compareSaga(
  saga: SagaSummary,
  commands: readonly HistoryCommand[],
  entries: ReadonlyMap<string, ParticipantEntry>,
  { now, graceMs }: CompareOptions,
): Disagreement[] {
  const out: Disagreement[] = [];
  const settled = isTerminal(saga.status) || now.getTime() - saga.updatedAt.getTime() >= graceMs;
  for (const c of commands) {
    const entry = entries.get(c.commandId);
    const kind = disagreementOf(c.history, entry, settled, now, graceMs);
    if (!kind) continue;
    out.push({
      sagaId: saga.id,
      sagaType: saga.type,
      sagaStatus: saga.status,
      step: c.step,
      phase: c.phase,
      commandId: c.commandId,
      participant: c.participant,
      history: c.history,
      participantOutcome: entry?.outcome ?? 'none',
      kind,
      ...(entry ? { participantReply: replyOf(entry) } : {}),
    });
  }
  return out;
}

const replyOf = ({
  replyType,
  code,
  at,
}: ParticipantEntry): NonNullable<Disagreement['participantReply']> => ({
  type: replyType,
  ...(code !== undefined ? { code } : {}),
  ...(at !== undefined ? { at } : {}),
});

function disagreementOf(
  history: HistoryOutcome,
  entry: ParticipantEntry | undefined,
  settled: boolean,
  now: Date,
  graceMs: number,
): DisagreementKind | undefined {
  if (!entry) return history === 'success' ? 'missing-at-participant' : undefined;
  if (history !== 'none') return history === entry.outcome ? undefined : 'outcome-mismatch';
  return settled && !inFlight(entry, now, graceMs) ? 'reply-not-in-history' : undefined;
}

/** A reply kept less than `graceMs` ago may still be travelling (outbox → Debezium → Kafka → orchestrator). */
function inFlight(entry: ParticipantEntry, now: Date, graceMs: number): boolean {
  if (entry.at === undefined) return false;
  const at = Date.parse(entry.at);
  return Number.isFinite(at) && now.getTime() - at < graceMs;
}
