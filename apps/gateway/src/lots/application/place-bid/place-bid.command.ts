import type { AuthUser } from '../../../auth/domain/user';
import type { BidView } from '@app/contracts';
import type { PlaceBidRequestDto } from './place-bid.request.dto';

export class PlaceBidCommand {
  constructor(
    readonly bidder: AuthUser,
    /** Already validated and URI-safe. */
    readonly lotId: string,
    readonly bid: PlaceBidRequestDto,
    readonly idempotencyKey: string | undefined,
  ) {}
}

/** Settled within the wait (ACCEPTED or REJECTED), or still running. */
export type PlaceBidOutcome =
  { settled: true; bid: BidView } | { settled: false; bidId: string; amount: string };
