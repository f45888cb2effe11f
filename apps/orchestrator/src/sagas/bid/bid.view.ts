/** The bidder-facing view of a bid (BidView, libs/contracts), derived from its PlaceBid saga. */
import type { BidStatus, BidView } from '@app/contracts';
import type { SagaStatus } from '@app/saga';
import { BidData } from './place-bid.saga';

/**
 * Still moving → PENDING; COMPLETED → ACCEPTED; turned back (COMPENSATING: the bid can no longer be
 * placed, its hold is being released) or any other end → REJECTED.
 */
export function bidStatusOf(status: SagaStatus): BidStatus {
  switch (status) {
    case 'NEW':
    case 'RUNNING':
      return 'PENDING';
    case 'COMPLETED':
      return 'ACCEPTED';
    case 'COMPENSATING':
    case 'COMPENSATED':
    case 'COMPENSATION_FAILED':
    case 'ABORTED':
      return 'REJECTED';
    default: {
      const _exhaustive: never = status;
      return _exhaustive;
    }
  }
}

export interface BidSagaRow {
  status: SagaStatus;
  data: BidData;
  failure: { reason: string; code: string } | null;
  createdAt: string;
  updatedAt: string;
}

export function toBidView({ status, data, failure, createdAt, updatedAt }: BidSagaRow): BidView {
  const view: BidView = {
    bidId: data.bidId,
    lotId: data.lotId,
    bidderId: data.bidderId,
    // acceptBid is the pivot: once the lot recorded the bid it is accepted, even while the previous
    // leader's hold is still being released.
    status: data.acceptedAmount ? 'ACCEPTED' : bidStatusOf(status),
    sagaStatus: status,
    amount: data.amount,
    createdAt,
    updatedAt,
  };
  if (data.maxAmount) view.maxAmount = data.maxAmount;
  if (data.acceptedAmount) view.acceptedAmount = data.acceptedAmount;
  if (data.holdId) view.holdId = data.holdId;
  if (view.status === 'REJECTED') {
    view.code = failure?.code ?? (status === 'ABORTED' ? 'SAGA.ABORTED' : 'SAGA.STEP_FAILED');
    view.reason = failure?.reason ?? status.toLowerCase();
  }
  return view;
}
