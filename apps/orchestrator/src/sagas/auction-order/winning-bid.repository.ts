import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveryAddress } from '@app/contracts';
import { BidData, PLACE_BID_SAGA } from '../bid/place-bid.saga';

/**
 * The PlaceBid saga that placed a hold: the auction order takes the winner's delivery address from the
 * winning bid (the orchestrator knows no user profiles). A lot's AuctionClosed names the winning hold.
 */
@Injectable()
export class WinningBidRepository {
  async byHold(
    manager: EntityManager,
    holdId: string,
  ): Promise<(BidData & { address?: DeliveryAddress }) | undefined> {
    const rows: { data: BidData }[] = await manager.query(
      `SELECT data FROM sagas WHERE type = $1 AND data->>'holdId' = $2 ORDER BY created_at DESC LIMIT 1`,
      [PLACE_BID_SAGA, holdId],
    );
    return rows[0]?.data;
  }
}
