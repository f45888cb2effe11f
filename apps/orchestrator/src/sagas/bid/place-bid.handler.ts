import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { SagaErrors } from '../domain/saga.errors';
import { isUniqueViolation } from '../infrastructure/saga-event.store';
import { SagaRunner } from '../infrastructure/saga.runner';
import { BidAdmission } from './bid-admission';
import { BidErrors } from './bid.errors';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';
import { PlaceBidCommand, PlaceBidResult } from './place-bid.command';

const MAX_ATTEMPTS = 3;

/**
 * Starts a PlaceBid saga whose id is the bidId (events, first command, timer, projection in one
 * transaction). Idempotent on bidId: the same bid again returns the existing saga; the same id with
 * other data is a conflict. Concurrent starts race on saga_events (saga_id, 1); the loser retries.
 * A new bid is refused (429 BID.OVERLOADED) while too many are in flight (`BidAdmission`).
 */
@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand, PlaceBidResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
    private readonly admission: BidAdmission,
  ) {}

  async execute(command: PlaceBidCommand): Promise<PlaceBidResult> {
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

  private async start(manager: EntityManager, data: BidData, correlationId: string): Promise<PlaceBidResult> {
    const start = {
      sagaId: data.bidId,
      sagaType: PLACE_BID_SAGA,
      data,
      correlationId,
      now: Date.now(),
      actor: 'http' as const,
    };
    // A repeated bid is always answered; only a new one may be shed.
    const outcome = await this.runner.startOnce(manager, start, () => this.admission.admit(manager));
    switch (outcome.kind) {
      case 'existing':
        if (!outcome.same) throw BidErrors.conflict(data.bidId);
        return { sagaId: data.bidId, status: outcome.state.status, created: false };
      case 'refused':
        throw SagaErrors.refused(outcome.code, outcome.reason);
      case 'started':
        return { sagaId: data.bidId, status: outcome.state.status, created: true };
    }
  }
}
