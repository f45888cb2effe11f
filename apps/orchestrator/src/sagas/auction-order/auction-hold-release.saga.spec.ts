import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { specPolicies } from '../saga-policies.fixture';
import { AUCTION_HOLD_RELEASE_SAGA, buildAuctionHoldReleaseSagaV1 } from './auction-hold-release.saga';

const registry = new SagaRegistry().register(
  buildAuctionHoldReleaseSagaV1(specPolicies({ incidentAfterAttempts: 3 })),
);

function started(): SagaDriver {
  const run = new SagaDriver(registry);
  run.start(AUCTION_HOLD_RELEASE_SAGA, {
    lotId: 'L2',
    holdId: 'h-2',
    userId: 'u1',
    reason: 'RESERVE_NOT_MET',
  });
  return run;
}

describe('AuctionHoldRelease saga v1: releaseHold, its one step (nothing before it to compensate)', () => {
  it("releases the unsold lot leader's hold, named by the lot so a second start sends the same release", () => {
    const run = started();
    expect(run.outstanding).toEqual({
      type: M.wallet.releaseHold,
      data: { forwardCommandId: 'lot:L2:unsold', holdId: 'h-2' },
    });
    run.reply(M.wallet.holdReleased);
    expect(run.state).toMatchObject({ status: 'COMPLETED', outstanding: null });
    expect(run.sentTypes()).toEqual([M.wallet.releaseHold]);
  });

  it('a wallet that stays away: the same release is sent again, an incident is raised, it never gives up', () => {
    const run = started();
    const release = run.outstandingId;
    for (let i = 0; i < 8; i += 1) run.fire();
    expect(run.state).toMatchObject({
      status: 'RUNNING',
      outstanding: { step: 'releaseHold', commandId: release },
      incident: { step: 'releaseHold' },
    });
    expect(run.history()).not.toContain('CompensationStarted');
    run.reply(M.wallet.holdReleased);
    expect(run.state).toMatchObject({ status: 'COMPLETED', incident: null });
  });

  it('has no failure reply: a refusal is not a reply the step takes', () => {
    const run = started();
    const decision = run.refuse('wallet.holdReleaseRefused', 'WALLET.NOT_FOUND', 'no such hold');
    expect(decision).toMatchObject({ kind: 'ignored', code: 'UNEXPECTED_REPLY_TYPE' });
    expect(run.state.status).toBe('RUNNING');
  });
});
