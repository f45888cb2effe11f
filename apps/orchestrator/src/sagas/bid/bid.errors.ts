import { DomainError } from '@app/common';

export const BidErrors = {
  notFound: (bidId: string) => new DomainError('BID.NOT_FOUND', `No bid ${bidId}`, 'not_found'),
  conflict: (bidId: string) =>
    new DomainError('BID.ALREADY_EXISTS', `Bid ${bidId} was already placed with different data`, 'conflict'),
};
