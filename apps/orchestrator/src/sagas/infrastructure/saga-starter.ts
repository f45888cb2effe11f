import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit } from '@app/messaging';
import { ContextFields, RequestContext } from '@app/observability';
import { retryingLostRaces, SagaEventStore } from './saga-event.store';
import {
  existingOutcome,
  SagaRunner,
  startItem,
  startOutcome,
  StartOutcome,
  StartRequest,
} from './saga.runner';

interface PendingStart {
  start: StartRequest;
  /** The request's log/trace context: each start is decided in its own. */
  request?: ContextFields;
  result?: { outcome: StartOutcome } | { error: unknown };
}

/**
 * Starts sagas for concurrent requests in shared transactions (group commit): the starts that arrive
 * while a transaction runs go together into the next one — one query for their existing events, one
 * `runMany` for the new ones, one commit. A request gets the same outcome as `SagaRunner.startOnce`
 * would give it. If the group's transaction fails (a concurrent start of the same saga elsewhere won the
 * race, a definition bug), each start is retried alone in its own transaction, up to three times on a
 * lost race (the second attempt finds the winner's saga).
 */
@Injectable()
export class SagaStarter {
  private readonly logger = new Logger(SagaStarter.name);
  private readonly group = new GroupCommit<PendingStart>(
    (batches) => this.flush(batches.flat()),
    200,
    undefined,
    'saga-starts',
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: SagaEventStore,
    private readonly runner: SagaRunner,
  ) {}

  async start(start: StartRequest): Promise<StartOutcome> {
    const pending: PendingStart = { start, request: RequestContext.current() };
    await this.group.submit([pending]);
    const result = pending.result;
    if (!result) throw new Error(`saga ${start.sagaId}: start not decided`);
    if ('error' in result) throw result.error;
    return result.outcome;
  }

  /** The group in one transaction; a saga named twice in the group is started by its first request. */
  private async flush(items: PendingStart[]): Promise<void> {
    const seen = new Set<string>();
    const firsts: PendingStart[] = [];
    const repeats: PendingStart[] = [];
    for (const i of items) {
      (seen.has(i.start.sagaId) ? repeats : firsts).push(i);
      seen.add(i.start.sagaId);
    }
    if (!(firsts.length > 1 && (await this.together(firsts)))) await this.oneByOne(firsts);
    await this.oneByOne(repeats); // after the first one committed: they find its saga
  }

  private async together(items: PendingStart[]): Promise<boolean> {
    try {
      const committed = await this.dataSource.transaction(async (m) => {
        const histories = await this.store.loadMany(
          m,
          items.map((i) => i.start.sagaId),
        );
        for (const i of items) {
          const history = histories.get(i.start.sagaId);
          if (history) i.result = { outcome: existingOutcome(i.start, history) };
        }
        const fresh = items.filter((i) => !histories.has(i.start.sagaId));
        const run = await this.runner.runMany(
          m,
          fresh.map((i) => ({ ...startItem(i.start), request: i.request })),
        );
        fresh.forEach((i, n) => (i.result = { outcome: startOutcome(run.outcomes[n]) }));
        return run.committed;
      });
      committed();
      return true;
    } catch (e) {
      for (const i of items) delete i.result;
      this.logger.warn({ message: 'start group failed, starting one by one', error: (e as Error).message });
      return false;
    }
  }

  private async oneByOne(items: PendingStart[]): Promise<void> {
    for (const i of items) {
      const alone = (): Promise<PendingStart['result']> => this.alone(i.start);
      i.result = await (i.request ? RequestContext.run(i.request, alone) : alone());
    }
  }

  private async alone(start: StartRequest): Promise<PendingStart['result']> {
    try {
      return {
        outcome: await retryingLostRaces(() =>
          this.dataSource.transaction((m) => this.runner.startOnce(m, start)),
        ),
      };
    } catch (e) {
      return { error: e };
    }
  }
}
