import { DomainError } from '@app/common';

export const BidErrors = {
  notFound: (bidId: string) => new DomainError('BID.NOT_FOUND', `No bid ${bidId}`, 'not_found'),
  overloaded: (inFlight: number, max: number) =>
    new DomainError(
      'BID.OVERLOADED',
      `${inFlight} bids are still being decided (at most ${max}); retry in a second`,
      'overloaded',
      {
        retryAfterSeconds: 1,
        inFlight,
        max,
      },
    ),
  conflict: (bidId: string) =>
    new DomainError('BID.ALREADY_EXISTS', `Bid ${bidId} was already placed with different data`, 'conflict'),
};
