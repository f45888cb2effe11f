import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SagaProjection } from '../infrastructure/saga-projection.repository';
import { BidErrors } from './bid.errors';
import { BidView, toBidView } from './bid.view';
import { GetBidQuery } from './get-bid.query';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';

/** The bid as its bidder sees it, derived from the PlaceBid saga with the same id. */
@QueryHandler(GetBidQuery)
export class GetBidHandler implements IQueryHandler<GetBidQuery, BidView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
  ) {}

  async execute({ bidId }: GetBidQuery): Promise<BidView> {
    const row = await this.projection.find(this.dataSource.manager, bidId);
    if (!row || row.type !== PLACE_BID_SAGA) throw BidErrors.notFound(bidId);
    return toBidView({
      status: row.status,
      data: row.data as BidData,
      failure: row.failure,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}
