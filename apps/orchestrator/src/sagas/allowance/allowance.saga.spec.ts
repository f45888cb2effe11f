import { AllowanceSagaMessages as A, OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { specPolicies } from '../saga-policies.fixture';
import { AllowanceData, BID_ALLOWANCE_SAGA, buildBidAllowanceSagaV1 } from './allowance.saga';
import { toAllowanceView } from './allowance.view';

const registry = new SagaRegistry().register(
  buildBidAllowanceSagaV1(specPolicies({ bidFundsDeadlineMs: 1_500 })),
);
const raise: AllowanceData = {
  allowanceId: 'a-1',
  lotId: 'L1',
  bidderId: 'u1',
  amount: '2000',
  keepWhenOutbid: false,
};

const started = (): SagaDriver => {
  const run = new SagaDriver(registry, { sagaId: raise.allowanceId });
  run.start(BID_ALLOWANCE_SAGA, raise);
  return run;
};
const view = (run: SagaDriver) =>
  toAllowanceView(run.state.status, run.state.data as AllowanceData, run.state.failure ?? null);

describe('BidAllowance saga v1', () => {
  it('holds the raise for the lot, then the lot adds it to the allowance: GRANTED', () => {
    const run = started();
    expect(run.outstanding).toEqual({
      type: M.wallet.placeHold,
      data: { userId: 'u1', amount: '2000', reference: 'allowance:L1:u1' },
    });
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h-1' } });
    expect(run.outstanding).toEqual({
      type: A.grantAllowance,
      data: { lotId: 'L1', bidderId: 'u1', holdId: 'h-1', amount: '2000', keepWhenOutbid: false },
    });
    run.reply(A.allowanceGranted, { data: { allowance: '3000' } });
    expect(run.state.status).toBe('COMPLETED');
    expect(view(run)).toMatchObject({ status: 'GRANTED', holdId: 'h-1', allowance: '3000' });
  });

  it('a lot that refuses: the hold is released and the allowance reads REFUSED with its code', () => {
    const run = started();
    const hold = run.outstandingId;
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h-1' } });
    run.refuse(A.allowanceRefused, 'LOT.CLOSED', 'closed');
    expect(run.outstanding).toEqual({
      type: M.wallet.releaseHold,
      data: { forwardCommandId: hold, holdId: 'h-1' },
    });
    expect(view(run)).toMatchObject({ status: 'REFUSED', code: 'LOT.CLOSED' });
    run.reply(M.wallet.holdReleased);
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes()).toEqual([M.wallet.placeHold, A.grantAllowance, M.wallet.releaseHold]);
  });

  it('a wallet that refuses the hold: REFUSED with its code, the lot never asked, nothing to release', () => {
    const run = started();
    run.refuse(M.wallet.holdRejected, 'WALLET.INSUFFICIENT_FUNDS', 'balance too low');
    expect(run.state).toMatchObject({
      status: 'COMPENSATED',
      failure: { code: 'WALLET.INSUFFICIENT_FUNDS' },
    });
    expect(run.sentTypes()).toEqual([M.wallet.placeHold]);
    expect(view(run)).toMatchObject({ status: 'REFUSED', code: 'WALLET.INSUFFICIENT_FUNDS' });
  });

  it('a wallet that does not answer by the funds deadline: REFUSED, and a late hold released', () => {
    const run = started();
    const hold = run.outstandingId;
    run.fire();
    run.fire();
    run.fire();
    expect(run.state).toMatchObject({ status: 'COMPENSATING', failure: { code: 'SAGA.STEP_TIMEOUT' } });
    expect(run.outstanding).toEqual({ type: M.wallet.releaseHold, data: { forwardCommandId: hold } });
    expect(view(run)).toMatchObject({ status: 'REFUSED', code: 'SAGA.STEP_TIMEOUT' });
  });
});
