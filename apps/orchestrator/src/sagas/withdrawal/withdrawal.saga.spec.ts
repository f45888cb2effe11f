import { WithdrawalFailureCodes as F, WithdrawalSagaMessages as W } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { FakeParticipant, FakeReply, SagaDriver } from '@app/testing';
import { buildSagaCatalog } from '../saga-catalog';
import { specPolicies } from '../saga-policies.fixture';
import { buildWithdrawalSagaV1, WITHDRAWAL_SAGA, WithdrawalData } from './withdrawal.saga';
import { toWithdrawalView } from './withdrawal.view';

const policies = specPolicies({ incidentAfterAttempts: 3 });
const registry = new SagaRegistry().register(buildWithdrawalSagaV1(policies));

const request: WithdrawalData = {
  withdrawalId: 'w-1',
  userId: 'alice',
  amount: '2500',
  source: 'available',
  toAddress: '0x00000000000000000000000000000000000000aa',
};

type TxFate = 'mined' | 'reverted' | 'dropped' | 'rejected';

/**
 * The wallet as its contract says, with a money book (available, held, out) and a chain: the transaction
 * it sends meets `fate`; `nodeDown` leaves the chain steps unanswered (the node cannot be asked);
 * `depth` is how many confirm attempts it takes to bury the transaction.
 */
class FakeWallet {
  available = 10_000n;
  held = 0n;
  out = 0n;
  nodeDown = false;
  confirmAsks = 0;
  broadcasts = 0;

  constructor(
    private readonly fate: TxFate = 'mined',
    private readonly depth = 1,
  ) {}

  readonly participant: FakeParticipant = (command): FakeReply | undefined => {
    const amount = BigInt(request.amount);
    switch (command.type) {
      case W.holdWithdrawal:
        if (this.available < amount)
          return {
            type: W.withdrawalRefused,
            outcome: 'failure',
            code: F.insufficientFunds,
            reason: 'short',
          };
        this.available -= amount;
        this.held += amount;
        return { type: W.withdrawalHeld, data: { withdrawalId: request.withdrawalId, holdId: 'h-1' } };
      case W.sendWithdrawal:
        if (this.nodeDown) return undefined;
        this.broadcasts += 1;
        if (this.fate === 'rejected')
          return { type: W.withdrawalNotSent, outcome: 'failure', code: F.chainRejected, reason: 'no gas' };
        return { type: W.withdrawalSent, data: { txHash: '0xabc', nonce: '7', valueWei: '25' } };
      case W.confirmWithdrawal:
        if (this.nodeDown) return undefined;
        this.confirmAsks += 1;
        if (this.confirmAsks < this.depth) return undefined; // not deep enough yet
        if (this.fate === 'reverted')
          return { type: W.withdrawalFailed, outcome: 'failure', code: F.chainReverted, reason: 'reverted' };
        if (this.fate === 'dropped')
          return { type: W.withdrawalFailed, outcome: 'failure', code: F.chainDropped, reason: 'replaced' };
        return {
          type: W.withdrawalConfirmed,
          data: { txHash: '0xabc', blockNumber: '12', confirmations: 1 },
        };
      case W.settleWithdrawal:
        this.held -= amount;
        this.out += amount;
        return { type: W.withdrawalSettled, data: { withdrawalId: request.withdrawalId, settled: true } };
      case W.releaseWithdrawal:
        this.held -= amount;
        this.available += amount;
        return { type: W.withdrawalReleased, data: { withdrawalId: request.withdrawalId, released: true } };
      default:
        throw new Error(`unexpected ${command.type}`);
    }
  };

  conserved(): boolean {
    return this.available + this.held + this.out === 10_000n;
  }
}

function withdrawal() {
  const run = new SagaDriver(registry, { sagaId: request.withdrawalId });
  run.start(WITHDRAWAL_SAGA, request);
  return run;
}

const view = (run: SagaDriver) =>
  toWithdrawalView({
    status: run.state.status,
    data: run.state.data as WithdrawalData,
    failure: run.state.failure,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });

describe('Withdrawal saga v1', () => {
  it('is in the catalog', () => {
    expect(buildSagaCatalog().registry.versions(WITHDRAWAL_SAGA)).toEqual([1]);
  });

  it('confirmed on the chain: held, sent, confirmed, then debited once (settled)', () => {
    const wallet = new FakeWallet();
    const run = withdrawal();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPLETED');
    expect(run.sentTypes()).toEqual([
      W.holdWithdrawal,
      W.sendWithdrawal,
      W.confirmWithdrawal,
      W.settleWithdrawal,
    ]);
    expect(run.sentTypes().filter((t) => t === W.settleWithdrawal)).toHaveLength(1);
    expect(wallet).toMatchObject({ available: 7_500n, held: 0n, out: 2_500n });
    expect(wallet.conserved()).toBe(true);
    expect(view(run)).toMatchObject({ status: 'SETTLED', txHash: '0xabc', code: null });
  });

  it('the hold and the send carry the withdrawal; every later command names it', () => {
    const wallet = new FakeWallet();
    const run = withdrawal();
    expect(run.outstanding).toEqual({ type: W.holdWithdrawal, data: request });
    run.runWith({ wallet: (c, s) => (c.type === W.holdWithdrawal ? wallet.participant(c, s) : undefined) });
    expect(run.outstanding).toEqual({ type: W.sendWithdrawal, data: { withdrawalId: 'w-1' } });
    expect(view(run).status).toBe('PENDING');
  });

  it('a reverted transaction compensates: the hold is released, nothing goes out', () => {
    const wallet = new FakeWallet('reverted');
    const run = withdrawal();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes()).toEqual([
      W.holdWithdrawal,
      W.sendWithdrawal,
      W.confirmWithdrawal,
      W.releaseWithdrawal,
    ]);
    expect(wallet).toMatchObject({ available: 10_000n, held: 0n, out: 0n });
    expect(view(run)).toMatchObject({ status: 'FAILED', code: F.chainReverted });
  });

  it('a dropped transaction compensates: the money is returned once', () => {
    const wallet = new FakeWallet('dropped');
    const run = withdrawal();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes().filter((t) => t === W.releaseWithdrawal)).toHaveLength(1);
    expect(run.sentTypes()).not.toContain(W.settleWithdrawal);
    expect(wallet).toMatchObject({ available: 10_000n, held: 0n, out: 0n });
    expect(view(run)).toMatchObject({ status: 'FAILED', code: F.chainDropped });
  });

  it('a transaction the node refuses compensates the hold', () => {
    const wallet = new FakeWallet('rejected');
    const run = withdrawal();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes()).toEqual([W.holdWithdrawal, W.sendWithdrawal, W.releaseWithdrawal]);
    expect(wallet.conserved()).toBe(true);
    expect(wallet.available).toBe(10_000n);
    expect(view(run)).toMatchObject({ status: 'FAILED', code: F.chainRejected });
  });

  it('too little money: refused at the hold, nothing to release', () => {
    const wallet = new FakeWallet();
    wallet.available = 100n;
    const run = withdrawal();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.sentTypes()).toEqual([W.holdWithdrawal]);
    expect(view(run)).toMatchObject({ status: 'FAILED', code: F.insufficientFunds });
  });

  it('the node down while sending: the send is asked again (same command) until the node is back, no failure', () => {
    const wallet = new FakeWallet();
    const run = withdrawal();
    wallet.nodeDown = true;
    run.runWith({ wallet: wallet.participant });
    const sendId = run.outstandingId;
    for (let i = 0; i < 12; i++) {
      run.fire(); // reply deadline, then retry delay: over and over
      run.runWith({ wallet: wallet.participant });
      expect(run.state.status).toBe('RUNNING');
      expect(run.outstandingId).toBe(sendId);
    }
    expect(run.history()).toContain('IncidentRaised:send');
    wallet.nodeDown = false;
    run.fire();
    run.fire();
    run.runWith({ wallet: wallet.participant });
    expect(run.state.status).toBe('COMPLETED');
    expect(run.history()).not.toContain('StepFailed:send');
    expect(run.history()).not.toContain('CompensationStarted');
    expect(wallet.broadcasts).toBe(1);
    expect(wallet).toMatchObject({ held: 0n, out: 2_500n });
  });

  it('the node down while confirming: confirm keeps asking, then settles once it is back', () => {
    const wallet = new FakeWallet('mined', 3);
    const run = withdrawal();
    run.runWith({
      wallet: (c, s) => (c.type === W.confirmWithdrawal ? undefined : wallet.participant(c, s)),
    });
    expect(view(run).status).toBe('SENT');
    wallet.nodeDown = true;
    for (let i = 0; i < 44; i++) {
      run.fire();
      run.runWith({ wallet: wallet.participant });
      expect(run.state.status).toBe('RUNNING');
      expect(run.state.outstanding?.step).toBe('confirm');
    }
    // waiting for confirmations is normal: an incident only after many unanswered attempts (20)
    expect(run.history().filter((h) => h === 'IncidentRaised:confirm')).toHaveLength(1);
    wallet.nodeDown = false;
    for (let i = 0; i < 6 && run.state.status === 'RUNNING'; i++) {
      run.fire();
      run.runWith({ wallet: wallet.participant });
    }
    expect(run.state.status).toBe('COMPLETED');
    expect(wallet.confirmAsks).toBe(3);
    expect(view(run)).toMatchObject({ status: 'SETTLED' });
    expect(wallet.conserved()).toBe(true);
  });

  it('a confirmed withdrawal that has not settled yet reads CONFIRMED', () => {
    const wallet = new FakeWallet();
    const run = withdrawal();
    run.runWith({ wallet: (c, s) => (c.type === W.settleWithdrawal ? undefined : wallet.participant(c, s)) });
    expect(view(run)).toMatchObject({ status: 'CONFIRMED', txHash: '0xabc' });
    expect(run.state.outstanding?.step).toBe('settle');
  });

  it('an operator compensating while the transaction is in flight: the release is refused, the saga waits for an operator', () => {
    const wallet = new FakeWallet();
    const run = withdrawal();
    run.runWith({
      wallet: (c, s) => (c.type === W.confirmWithdrawal ? undefined : wallet.participant(c, s)),
    });
    run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'stuck', now: 10 } });
    expect(run.outstanding?.type).toBe(W.releaseWithdrawal);
    run.refuse(W.withdrawalNotReleased, F.inFlight, 'a signed transaction may still be mined');
    expect(run.state.status).toBe('COMPENSATION_FAILED');
    expect(wallet.held).toBe(2_500n);
  });
});
