import { isTerminal, SagaStatus } from '@app/saga';
import { AllowanceData } from './allowance.saga';

/** GET /allowances/:id: PENDING while its saga runs, GRANTED once the lot added it, else REFUSED. */
export interface AllowanceView {
  allowanceId: string;
  lotId: string;
  bidderId: string;
  amount: string;
  keepWhenOutbid: boolean;
  status: 'PENDING' | 'GRANTED' | 'REFUSED';
  sagaStatus: SagaStatus;
  holdId?: string;
  /** The bidder's whole allowance on the lot after the grant. */
  allowance?: string;
  code?: string;
  reason?: string;
}

export function toAllowanceView(
  status: SagaStatus,
  data: AllowanceData,
  failure: { code: string; reason: string } | null,
): AllowanceView {
  const granted = data.allowance !== undefined;
  const refused = !granted && (status === 'COMPENSATING' || isTerminal(status));
  return {
    allowanceId: data.allowanceId,
    lotId: data.lotId,
    bidderId: data.bidderId,
    amount: data.amount,
    keepWhenOutbid: data.keepWhenOutbid,
    status: granted ? 'GRANTED' : refused ? 'REFUSED' : 'PENDING',
    sagaStatus: status,
    ...(data.holdId ? { holdId: data.holdId } : {}),
    ...(data.allowance ? { allowance: data.allowance } : {}),
    ...(refused
      ? {
          code: failure?.code ?? (status === 'ABORTED' ? 'SAGA.ABORTED' : 'SAGA.STEP_FAILED'),
          reason: failure?.reason ?? status.toLowerCase(),
        }
      : {}),
  };
}
