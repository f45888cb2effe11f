import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import type { StartSaga } from '@app/saga';
import { SagaErrors } from '../domain/saga.errors';
import { isUniqueViolation } from '../infrastructure/saga-event.store';
import { SagaRunner } from '../infrastructure/saga.runner';
import { BidAdmission } from './bid-admission';
import { BidErrors } from './bid.errors';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';
import { StartBidCommand, StartBidResult } from './start-bid.command';

const MAX_ATTEMPTS = 3;

/**
 * Starts a PlaceBid saga whose id is the bidId (events, first command, timer, projection in one
 * transaction). Idempotent on bidId: the same bid again returns the existing saga; the same id with
 * other data is a conflict. Concurrent starts race on saga_events (saga_id, 1); the loser retries.
 * A new bid is refused (429 BID.OVERLOADED) while too many are in flight (`BidAdmission`).
 */
@CommandHandler(StartBidCommand)
export class StartBidHandler implements ICommandHandler<StartBidCommand, StartBidResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
    private readonly admission: BidAdmission,
  ) {}

  async execute(command: StartBidCommand): Promise<StartBidResult> {
    const data: BidData = {
      bidId: command.bidId,
      lotId: command.lotId,
      bidderId: command.bidderId,
      amount: String(command.amount),
      ...(command.maxAmount !== undefined ? { maxAmount: String(command.maxAmount) } : {}),
      ...(command.address ? { address: { ...command.address } } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) => this.start(m, data, command.correlationId));
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async start(manager: EntityManager, data: BidData, correlationId: string): Promise<StartBidResult> {
    const { state, history } = await this.runner.load(manager, data.bidId);
    if (history.length > 0) {
      const started = history[0].event;
      const original = started.type === 'SagaStarted' ? started.data.data : undefined;
      if (state.sagaType !== PLACE_BID_SAGA || !isDeepStrictEqual(original, data))
        throw BidErrors.conflict(data.bidId);
      return { sagaId: data.bidId, status: state.status, created: false };
    }
    await this.admission.admit(manager); // a repeated bid (above) is always answered; only new ones are shed
    const input: StartSaga = {
      type: 'StartSaga',
      data: { sagaId: data.bidId, sagaType: PLACE_BID_SAGA, data, correlationId, now: Date.now() },
    };
    const outcome = await this.runner.run(manager, data.bidId, input, { actor: 'http', correlationId });
    if (outcome.kind === 'ignored') throw SagaErrors.refused(outcome.code, outcome.reason);
    return { sagaId: data.bidId, status: outcome.state.status, created: true };
  }
}
