import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BidView } from '@app/contracts';
import { SagaRequests, SagaViewSpec } from '../infrastructure/saga-requests';
import { BidErrors } from './bid.errors';
import { toBidView } from './bid.view';
import { GetBidQuery } from './get-bid.query';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';

const BID_VIEW: SagaViewSpec<BidView> = {
  types: [PLACE_BID_SAGA],
  notFound: BidErrors.notFound,
  toView: (row) =>
    toBidView({
      status: row.status,
      data: row.data as BidData,
      failure: row.failure,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }),
  settled: (view) => view.status !== 'PENDING',
};

/** The bid as its bidder sees it, derived from the PlaceBid saga with the same id; optionally long-polled. */
@QueryHandler(GetBidQuery)
export class GetBidHandler implements IQueryHandler<GetBidQuery, BidView> {
  constructor(private readonly requests: SagaRequests) {}

  execute({ bidId, waitMs }: GetBidQuery): Promise<BidView> {
    return this.requests.read(bidId, waitMs, BID_VIEW);
  }
}
