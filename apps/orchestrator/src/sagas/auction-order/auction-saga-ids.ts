import { uuidV5 } from '@app/common';

/** The orchestrator's UUID namespace for ids derived from lot ids (fixed forever). */
export const AUCTION_ID_NAMESPACE = '8f6b2a1c-4d3e-4b5a-9c7d-2e1f0a9b8c7d';

/** The order of a sold lot: one lot, one order, whatever the redeliveries. */
export const auctionOrderId = (lotId: string): string =>
  uuidV5(`auction-order\n${lotId}`, AUCTION_ID_NAMESPACE);

/** The saga releasing an unsold lot's leading hold. */
export const auctionHoldReleaseId = (lotId: string): string =>
  uuidV5(`auction-hold-release\n${lotId}`, AUCTION_ID_NAMESPACE);

/** The saga releasing one allowance hold the lot gave up (one per hold, whatever the redeliveries). */
export const allowanceReleaseId = (holdId: string): string =>
  uuidV5(`allowance-release\n${holdId}`, AUCTION_ID_NAMESPACE);

/** The order of a lot's runner-up who accepted its second chance (one offer per lot, so one order). */
export const secondChanceOrderId = (lotId: string): string =>
  uuidV5(`second-chance-order\n${lotId}`, AUCTION_ID_NAMESPACE);
