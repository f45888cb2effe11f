import type { AuthUser } from '../../../auth/domain/user';
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

/** The lot's answer to an accepted bid (a refusal is thrown as its HTTP error). */
export interface AcceptedBid {
  bidId: string;
  lotId: string;
  status: 'ACCEPTED';
  amount: string;
  minimumNextBid: string;
  endsAt: string;
}
