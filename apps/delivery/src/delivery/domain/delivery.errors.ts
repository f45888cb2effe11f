import { DomainError } from '@app/common';
import { OrderFailureCodes } from '@app/contracts';

export const DeliveryErrors = {
  slotExists: (id: string) =>
    new DomainError('DELIVERY.SLOT_EXISTS', `Slot ${id} already exists`, 'conflict'),
  slotInPast: (id: string) =>
    new DomainError('DELIVERY.SLOT_IN_PAST', `Slot ${id} starts in the past`, 'validation'),
};

/** Failure codes of `delivery.rejected` replies. */
export const BookFailure = {
  undeliverable: OrderFailureCodes.undeliverable,
  slotFull: OrderFailureCodes.slotFull,
  unknownSlot: 'DELIVERY.UNKNOWN_SLOT',
  slotInPast: 'DELIVERY.SLOT_IN_PAST',
  noSlotAvailable: 'DELIVERY.NO_SLOT_AVAILABLE',
} as const;
