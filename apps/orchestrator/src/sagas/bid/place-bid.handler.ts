import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { httpStart, SagaRequests } from '../infrastructure/saga-requests';
import { BidAdmission } from './bid-admission';
import { BidErrors } from './bid.errors';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';
import { PlaceBidCommand, PlaceBidResult } from './place-bid.command';

/**
 * Starts a PlaceBid saga whose id is the bidId (events, first command, timer, projection in one
 * transaction). Idempotent on bidId: the same bid again returns the existing saga; the same id with
 * other data is a conflict. Concurrent starts race on saga_events (saga_id, 1); the loser retries.
 * A new bid is refused (429 BID.OVERLOADED) while too many are in flight (`BidAdmission`).
 */
@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand, PlaceBidResult> {
  constructor(
    private readonly requests: SagaRequests,
    private readonly admission: BidAdmission,
  ) {}

  execute(command: PlaceBidCommand): Promise<PlaceBidResult> {
    const data: BidData = {
      bidId: command.bidId,
      lotId: command.lotId,
      bidderId: command.bidderId,
      amount: String(command.amount),
      ...(command.maxAmount !== undefined ? { maxAmount: String(command.maxAmount) } : {}),
      ...(command.address ? { address: { ...command.address } } : {}),
    };
    const start = httpStart(PLACE_BID_SAGA, data.bidId, data, command.correlationId);
    // A repeated bid is always answered; only a new one may be shed.
    return this.requests.startOnce(start, BidErrors.conflict, (manager) => this.admission.admit(manager));
  }
}
