import { BidSagaMessages as B, OrderSagaMessages as M } from '@app/contracts';
import { Decision, SagaMessage, SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { specPolicies } from '../saga-policies.fixture';
import { toBidView } from './bid.view';
import { BidData, buildPlaceBidSagaV1, releasePreviousCommandId } from './place-bid.saga';

const policies = specPolicies({ orderStepDeadlineMs: undefined, bidFundsDeadlineMs: 1_500 });
const registry = new SagaRegistry().register(buildPlaceBidSagaV1(policies));
const bid: BidData = { bidId: 'b-1', lotId: 'L1', bidderId: 'u1', amount: '1500', maxAmount: '2000' };

class Run extends SagaDriver {
  constructor() {
    super(registry);
  }
  sent(d: Decision): SagaMessage[] {
    return SagaDriver.sent(d);
  }
}

const view = (run: Run) =>
  toBidView({
    status: run.state.status,
    data: run.state.data as BidData,
    failure: run.state.failure ?? null,
    createdAt: '',
    updatedAt: '',
  });

describe('PlaceBid saga v1', () => {
  it('holds maxAmount, asks the lot, releases the previous leader: ACCEPTED', () => {
    const run = new Run();
    expect(run.sent(run.start('PlaceBid', bid))).toEqual([
      { type: M.wallet.placeHold, data: { userId: 'u1', amount: '2000', reference: 'bid:b-1' } },
    ]);
    expect(run.sent(run.reply(M.wallet.holdPlaced, { data: { holdId: 'h-1' } }))).toEqual([
      {
        type: B.acceptBid,
        data: { lotId: 'L1', bidId: 'b-1', bidderId: 'u1', amount: '1500', holdId: 'h-1', maxAmount: '2000' },
      },
    ]);
    expect(view(run).status).toBe('PENDING');
    const accepted = run.reply(B.bidAccepted, {
      data: { lotId: 'L1', bidId: 'b-1', amount: '1600', previousHoldId: 'h-0', endsAt: 'x' },
    });
    expect(run.sent(accepted)).toEqual([
      {
        type: M.wallet.releaseHold,
        data: { forwardCommandId: releasePreviousCommandId('b-1'), holdId: 'h-0' },
      },
    ]);
    // Past the pivot: the bid reads ACCEPTED while the previous leader's hold is still being released.
    expect(view(run)).toMatchObject({ status: 'ACCEPTED', sagaStatus: 'RUNNING', acceptedAmount: '1600' });
    run.reply(M.wallet.holdReleased);
    expect(view(run)).toMatchObject({
      status: 'ACCEPTED',
      amount: '1500',
      acceptedAmount: '1600',
      holdId: 'h-1',
    });
  });

  it('a lot rejection releases this bid hold and reads REJECTED with the lot code', () => {
    const run = new Run();
    run.start('PlaceBid', { ...bid, maxAmount: undefined });
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h-2' } });
    const rejected = run.reply(B.bidRejected, {
      outcome: 'failure',
      code: 'LOT.BID_TOO_LOW',
      reason: 'too low',
    });
    expect(run.sent(rejected)).toEqual([
      { type: M.wallet.releaseHold, data: { forwardCommandId: 'c-1', holdId: 'h-2' } },
    ]);
    // The bidder has the answer at once; the hold is released right after.
    expect(view(run)).toMatchObject({
      status: 'REJECTED',
      sagaStatus: 'COMPENSATING',
      code: 'LOT.BID_TOO_LOW',
    });
    run.reply(M.wallet.holdReleased);
    expect(view(run)).toMatchObject({ status: 'REJECTED', code: 'LOT.BID_TOO_LOW', reason: 'too low' });
  });

  it('a wallet that does not answer within the funds deadline: "not placed", and the late hold is released', () => {
    const run = new Run();
    run.start('PlaceBid', bid);
    const holdCommand = run.state.outstanding!.commandId;
    run.fire(); // attempt 1 (1 s) unanswered → retry in 100 ms
    run.fire(); // attempt 2, due at the 1.5 s deadline
    expect(run.state.outstanding).toMatchObject({ step: 'holdFunds', attempt: 2, deadlineAt: 1_501 });
    const gaveUp = run.fire();
    expect(run.sent(gaveUp)).toEqual([
      { type: M.wallet.releaseHold, data: { forwardCommandId: holdCommand } },
    ]);
    expect(run.state).toMatchObject({ status: 'COMPENSATING', failure: { code: 'SAGA.STEP_TIMEOUT' } });
    expect(view(run)).toMatchObject({ status: 'REJECTED', code: 'SAGA.STEP_TIMEOUT' });
    // The wallet comes back: it applies the hold (still in Kafka), then the release keyed by the same command.
    const late = run.send({
      type: 'ReplyReceived',
      data: {
        commandId: holdCommand,
        step: 'holdFunds',
        outcome: 'success',
        replyType: M.wallet.holdPlaced,
        data: { holdId: 'h-9' },
        now: 9_000,
      },
    });
    expect(late).toMatchObject({
      kind: 'decided',
      events: [{ type: 'LateReplyRecorded', data: { step: 'holdFunds', action: 'covered' } }],
    });
    run.reply(M.wallet.holdReleased);
    expect(view(run)).toMatchObject({ status: 'REJECTED', code: 'SAGA.STEP_TIMEOUT' });
    expect(run.state.status).toBe('COMPENSATED');
  });

  it('past the pivot a lot that stays away only delays the bid: sent again, an incident, never abandoned', () => {
    const run = new Run();
    run.start('PlaceBid', bid);
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h-1' } });
    for (let i = 0; i < 20; i += 1) run.fire();
    expect(run.state).toMatchObject({
      status: 'RUNNING',
      outstanding: { step: 'acceptBid', attempt: 11 },
      incident: { step: 'acceptBid', attempts: 2 },
    });
    run.reply(B.bidAccepted, { data: { amount: '1500' }, now: 60_000 });
    expect(run.state.incident).toBeNull();
    expect(view(run).status).toBe('ACCEPTED');
  });

  it('insufficient funds ends REJECTED without asking the lot', () => {
    const run = new Run();
    run.start('PlaceBid', bid);
    const d = run.reply(M.wallet.holdRejected, {
      outcome: 'failure',
      code: 'WALLET.INSUFFICIENT_FUNDS',
      reason: 'no money',
    });
    expect(run.sent(d)).toEqual([]);
    expect(view(run)).toMatchObject({ status: 'REJECTED', code: 'WALLET.INSUFFICIENT_FUNDS' });
  });
});
