import { DomainError } from '@app/common';

/** HTTP-facing errors of the lot service (saga rejections use BidFailureCodes from the contracts). */
export const LotErrors = {
  notFound: (lotId: string) => new DomainError('LOT.NOT_FOUND', `No lot ${lotId}`, 'not_found'),
  forbiddenRole: (role: string) =>
    new DomainError('LOT.FORBIDDEN', `Role ${role || '(none)'} cannot sell lots`, 'forbidden'),
  notOwner: (lotId: string) =>
    new DomainError('LOT.NOT_OWNER', `Lot ${lotId} belongs to another seller`, 'forbidden'),
  missingUser: () =>
    new DomainError('REQUEST.INVALID_USER', 'x-gavel-user-id is missing or malformed', 'validation'),
  invalidEndTime: (why: string) => new DomainError('LOT.INVALID_END_TIME', `endsAt ${why}`, 'unprocessable'),
  reserveBelowStart: () =>
    new DomainError('LOT.RESERVE_BELOW_START', 'reservePrice must be at least startPrice', 'unprocessable'),
  buyNowTooLow: () =>
    new DomainError(
      'LOT.BUY_NOW_TOO_LOW',
      'buyNowPrice must be above startPrice and at least reservePrice',
      'unprocessable',
    ),
  invalidIncrement: (why: string) =>
    new DomainError('LOT.INVALID_INCREMENT', `increment ${why}`, 'validation'),
  invalidSoftClose: () =>
    new DomainError(
      'LOT.INVALID_SOFT_CLOSE',
      'softCloseWindowS and softCloseExtensionS must be 0-3600 seconds',
      'validation',
    ),
  photoMissing: () =>
    new DomainError('LOT.PHOTO_MISSING', 'send the photo as multipart field "photo"', 'validation'),
  noPhoto: (lotId: string) =>
    new DomainError('LOT.PHOTO_NOT_FOUND', `Lot ${lotId} has no photo`, 'not_found'),
  tooManyPhotos: (lotId: string, max: number) =>
    new DomainError('LOT.TOO_MANY_PHOTOS', `Lot ${lotId} already has ${max} photos`, 'conflict', { max }),
};
