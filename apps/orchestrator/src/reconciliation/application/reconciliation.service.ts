import { Inject, Injectable, Logger } from '@nestjs/common';
import { COMMAND_LOG_LOOKUP_MAX_IDS } from '@app/contracts';
import {
  commandsOf,
  compareSaga,
  Disagreement,
  HistoryCommand,
  ParticipantEntry,
  SagaSummary,
} from '../domain/reconciliation';
import {
  PARTICIPANT_COMMAND_LOGS,
  ParticipantCommandLogsPort,
  SAGA_HISTORY,
  SagaCursor,
  SagaHistoryPort,
  SagaWalkFilter,
} from './reconciliation.ports';

export interface ReconciliationRequest extends SagaWalkFilter {
  /** At most this many sagas (default: all that match). */
  limit?: number;
  /** See CompareOptions.graceMs. */
  graceMs: number;
}

export interface UnreachableParticipant {
  participant: string;
  reason: string;
  /** Commands of this participant that could not be compared. */
  uncheckedCommands: number;
}

/** The answer of GET /reconciliation (stable: tools and the outage benchmark read it). */
export interface ReconciliationReport {
  checkedSagas: number;
  /** Commands compared with their participant's log (those of unreachable participants not included). */
  checkedCommands: number;
  disagreements: Disagreement[];
  unreachable: UnreachableParticipant[];
  /** False when a participant could not be asked: the disagreements found are then not all there are. */
  complete: boolean;
  /** True when `limit` stopped the walk before every matching saga was checked. */
  truncated: boolean;
  since?: string;
  graceMs: number;
  at: string;
}

const PAGE_SIZE = 200;

/**
 * Walks the sagas (oldest change first, a page at a time), collects the commands each one issued and
 * the outcome its history records, asks each participant what its command log holds for them
 * (batched, ≤ 1000 ids a call) and reports where the two disagree.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @Inject(SAGA_HISTORY) private readonly history: SagaHistoryPort,
    @Inject(PARTICIPANT_COMMAND_LOGS) private readonly logs: ParticipantCommandLogsPort,
  ) {}

  async reconcile(
    request: ReconciliationRequest,
    now: () => Date = () => new Date(),
  ): Promise<ReconciliationReport> {
    const run = new Run(request.graceMs);
    const visited = new Set<string>();
    let after: SagaCursor | undefined;
    let truncated = false;
    for (;;) {
      const page = await this.history.page(request, after, PAGE_SIZE);
      if (page.length === 0) break;
      after = page[page.length - 1].cursor;
      // A saga that changed during the walk comes round again: it is checked once.
      let fresh = page.filter((s) => !visited.has(s.id));
      if (request.limit !== undefined && visited.size + fresh.length >= request.limit) {
        const room = request.limit - visited.size;
        truncated = fresh.length > room || (await this.history.page(request, after, 1)).length > 0;
        fresh = fresh.slice(0, room);
      }
      for (const s of fresh) visited.add(s.id);
      await this.checkPage(run, fresh, now());
      if (
        truncated ||
        (request.limit !== undefined && visited.size >= request.limit) ||
        page.length < PAGE_SIZE
      )
        break;
    }
    const report: ReconciliationReport = {
      checkedSagas: visited.size,
      checkedCommands: run.checkedCommands,
      disagreements: run.disagreements,
      unreachable: [...run.unreachable.values()],
      complete: run.unreachable.size === 0,
      truncated,
      ...(request.since ? { since: request.since.toISOString() } : {}),
      graceMs: request.graceMs,
      at: now().toISOString(),
    };
    this.logger.log({
      message: 'reconciliation done',
      checkedSagas: report.checkedSagas,
      checkedCommands: report.checkedCommands,
      disagreements: report.disagreements.length,
      unreachable: report.unreachable.map((u) => u.participant),
    });
    return report;
  }

  private async checkPage(run: Run, sagas: readonly SagaSummary[], now: Date): Promise<void> {
    if (sagas.length === 0) return;
    const events = await this.history.events(sagas.map((s) => s.id));
    const commands = new Map<string, HistoryCommand[]>(
      sagas.map((s) => [s.id, commandsOf(events.get(s.id) ?? [])]),
    );
    const byParticipant = new Map<string, string[]>();
    for (const list of commands.values()) {
      for (const c of list) {
        const ids = byParticipant.get(c.participant) ?? [];
        ids.push(c.commandId);
        byParticipant.set(c.participant, ids);
      }
    }
    const answers: Answers = { entries: new Map(), asked: new Set() };
    await Promise.all(
      [...byParticipant].map(([participant, ids]) => this.ask(run, participant, ids, answers)),
    );
    for (const saga of sagas) {
      const checked = (commands.get(saga.id) ?? []).filter((c) => answers.asked.has(c.commandId));
      run.checkedCommands += checked.length;
      run.disagreements.push(...compareSaga(saga, checked, answers.entries, { now, graceMs: run.graceMs }));
    }
  }

  /** Asks one participant in batches; once it fails it is not asked again in this run. */
  private async ask(run: Run, participant: string, ids: readonly string[], answers: Answers): Promise<void> {
    for (let i = 0; i < ids.length; i += COMMAND_LOG_LOOKUP_MAX_IDS) {
      const known = run.unreachable.get(participant);
      if (known) {
        known.uncheckedCommands += ids.length - i;
        return;
      }
      const batch = ids.slice(i, i + COMMAND_LOG_LOOKUP_MAX_IDS);
      try {
        for (const e of await this.logs.lookup(participant, batch)) answers.entries.set(e.commandId, e);
        for (const id of batch) answers.asked.add(id);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        this.logger.warn({ message: 'participant command log unreachable', participant, reason });
        run.unreachable.set(participant, { participant, reason, uncheckedCommands: ids.length - i });
        return;
      }
    }
  }
}

/** One page's answers: the entries found, and every commandId a participant was asked about. */
interface Answers {
  entries: Map<string, ParticipantEntry>;
  asked: Set<string>;
}

/** What one reconciliation run has gathered so far. */
class Run {
  checkedCommands = 0;
  readonly disagreements: Disagreement[] = [];
  readonly unreachable = new Map<string, UnreachableParticipant>();
  constructor(readonly graceMs: number) {}
}
