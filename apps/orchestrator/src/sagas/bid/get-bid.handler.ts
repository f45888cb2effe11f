import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { BidView } from '@app/contracts';
import { SagaChangeFeed } from '../infrastructure/saga-change-feed';
import { SagaProjection } from '../infrastructure/saga-projection.repository';
import { BidErrors } from './bid.errors';
import { toBidView } from './bid.view';
import { GetBidQuery } from './get-bid.query';
import { BidData, PLACE_BID_SAGA } from './place-bid.saga';

/** The bid as its bidder sees it, derived from the PlaceBid saga with the same id; optionally long-polled. */
@QueryHandler(GetBidQuery)
export class GetBidHandler implements IQueryHandler<GetBidQuery, BidView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
    private readonly changes: SagaChangeFeed,
  ) {}

  execute({ bidId, waitMs }: GetBidQuery): Promise<BidView> {
    return this.changes.awaitSettled(
      bidId,
      waitMs,
      () => this.read(bidId),
      (view) => view.status !== 'PENDING',
    );
  }

  private async read(bidId: string): Promise<BidView> {
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
