/**
 * Fake participants for the Order sagas' specs (`SagaDriver.runWith`): a wallet that keeps a money book
 * the way its contract says (docs/money.md: holds, escrow, the seller's proceeds, the platform's fees,
 * the fee rounded down), and payment, warehouse and delivery that agree to everything but one refusal.
 * Amounts are integer minor units.
 */
import { OrderSagaMessages as M } from '@app/contracts';
import type { OutstandingCommand, SagaMessage, SagaRegistry } from '@app/saga';
import { FakeParticipant, FakeReply, SagaDriver } from '@app/testing';
import type { OrderData } from './order.saga';

interface Hold {
  userId: string;
  amount: bigint;
  status: 'ACTIVE' | 'RELEASED' | 'CAPTURED';
  placedBy?: string;
}
interface Payout {
  sellerId: string;
  fee: bigint;
  payout: bigint;
  commandId: string;
}
interface Escrow {
  buyerId: string;
  amount: bigint;
  settled?: 'REFUND' | Payout;
}

const ok = (type: string, data: Record<string, unknown> = {}): FakeReply => ({ type, data });
const refused = (type: string, code: string): FakeReply => ({ type, outcome: 'failure', code, reason: code });
const sum = (values: Iterable<bigint>): bigint => [...values].reduce((a, b) => a + b, 0n);

/** The wallet as the Order sagas use it. A command sent again gets its first answer (its command log). */
export class FakeWallet {
  readonly available = new Map<string, bigint>();
  readonly held = new Map<string, bigint>();
  readonly proceeds = new Map<string, bigint>();
  fees = 0n;
  private deposited = 0n;
  private readonly holds = new Map<string, Hold>();
  private readonly escrows = new Map<string, Escrow>();
  private readonly answered = new Map<string, FakeReply>();

  deposit(userId: string, amount: bigint): this {
    this.move(this.available, userId, amount);
    this.deposited += amount;
    return this;
  }

  /** A hold the user already has, e.g. an auction winner's (`placedBy`: the command that placed it). */
  holdFor(userId: string, amount: bigint, holdId: string, placedBy?: string): this {
    this.move(this.available, userId, -amount);
    this.move(this.held, userId, amount);
    this.holds.set(holdId, { userId, amount, status: 'ACTIVE', ...(placedBy ? { placedBy } : {}) });
    return this;
  }

  /** An operator refunds an escrow by hand, outside any saga. */
  refundByHand(holdId: string): void {
    this.refund(holdId, undefined);
  }

  /** What is in escrow: captures neither paid out nor refunded. */
  get escrow(): bigint {
    return sum([...this.escrows.values()].filter((e) => !e.settled).map((e) => e.amount));
  }

  balanceOf(userId: string): bigint {
    return (this.available.get(userId) ?? 0n) + (this.held.get(userId) ?? 0n);
  }

  /** Every account together: the deposits when not a cent was created or lost. */
  conserved(): boolean {
    const users = sum(this.available.values()) + sum(this.held.values()) + sum(this.proceeds.values());
    return users + this.escrow + this.fees === this.deposited;
  }

  readonly participant: FakeParticipant = (command, sent) => {
    const answer = this.answered.get(sent.commandId) ?? this.apply(command, sent);
    this.answered.set(sent.commandId, answer);
    return answer;
  };

  /**
   * The wallet leaving one forward step unanswered: `down`, it never got the command; `lost`, it did what
   * the command asked and its answer was lost. Every other command is answered.
   */
  silentAt(step: string, how: 'down' | 'lost'): FakeParticipant {
    return (command, sent) => {
      if (sent.step !== step || sent.phase !== 'forward') return this.participant(command, sent);
      if (how === 'lost') this.participant(command, sent);
      return undefined;
    };
  }

  private apply({ type, data }: SagaMessage, sent: OutstandingCommand): FakeReply {
    const d = data as Record<string, string | number | undefined>;
    const holdId = String(d.holdId ?? '');
    switch (type) {
      case M.wallet.placeHold: {
        const [userId, amount] = [String(d.userId), BigInt(String(d.amount))];
        if ((this.available.get(userId) ?? 0n) < amount)
          return refused(M.wallet.holdRejected, 'WALLET.INSUFFICIENT_FUNDS');
        const id = `hold-${this.holds.size + 1}`;
        this.holdFor(userId, amount, id, sent.commandId);
        return ok(M.wallet.holdPlaced, { holdId: id });
      }
      case M.wallet.confirmHold:
        return this.holds.get(holdId)?.status === 'ACTIVE'
          ? ok(M.wallet.holdConfirmed, { holdId })
          : refused(M.wallet.holdNotActive, 'WALLET.HOLD_NOT_ACTIVE');
      case M.wallet.releaseHold: {
        const hold =
          this.holds.get(holdId) ?? [...this.holds.values()].find((h) => h.placedBy === d.forwardCommandId);
        const released = hold?.status === 'ACTIVE';
        if (hold && released) this.settleHold(hold, 'RELEASED', this.available);
        return ok(M.wallet.holdReleased, { holdId: holdId || null, released });
      }
      case M.wallet.captureHold:
        this.capture(holdId);
        return ok(M.wallet.holdCaptured, { holdId, captureId: `capture-${holdId}` });
      case M.wallet.releaseEscrowToSeller:
        return this.payOut(holdId, String(d.sellerId), Number(d.feeBps), sent.commandId);
      case M.wallet.reverseEscrowRelease:
        return this.reversePayout(String(d.forwardCommandId))
          ? ok(M.wallet.escrowReleaseReversed, { holdId, reversed: true })
          : ok(M.wallet.escrowReleaseReversed, { reversed: false });
      case M.wallet.refundEscrow:
        return this.refund(holdId, d.forwardCommandId === undefined ? undefined : String(d.forwardCommandId));
      case M.wallet.settleOrder: {
        // capture and payout in one transaction: a refused capture moves nothing
        if (!this.capture(holdId) && !this.escrows.has(holdId))
          return refused(M.wallet.orderNotSettled, 'WALLET.HOLD_NOT_ACTIVE');
        const paid = this.payOut(holdId, String(d.sellerId), Number(d.feeBps), `${sent.commandId}:payout`);
        return {
          ...paid,
          type: paid.outcome === 'failure' ? M.wallet.orderNotSettled : M.wallet.orderSettled,
        };
      }
      case M.wallet.reverseSettlement: {
        const payoutReversed = this.reversePayout(`${String(d.forwardCommandId)}:payout`);
        const refunded = this.refund(holdId, String(d.forwardCommandId));
        return ok(M.wallet.settlementReversed, {
          holdId,
          payoutReversed,
          refunded: refunded.data?.refunded === true,
        });
      }
      default:
        throw new Error(`the fake wallet does not take ${type}`);
    }
  }

  /** An ACTIVE hold goes into escrow; whether this call captured it. */
  private capture(holdId: string): boolean {
    const hold = this.holds.get(holdId);
    if (hold?.status !== 'ACTIVE') return false;
    this.settleHold(hold, 'CAPTURED');
    this.escrows.set(holdId, { buyerId: hold.userId, amount: hold.amount });
    return true;
  }

  /** The payout made by `commandId` goes back into escrow; whether there was one to reverse. */
  private reversePayout(commandId: string): boolean {
    const escrow = [...this.escrows.values()].find(
      (e) => typeof e.settled === 'object' && e.settled.commandId === commandId,
    );
    const payout = escrow?.settled;
    if (!escrow || typeof payout !== 'object') return false;
    this.move(this.proceeds, payout.sellerId, -payout.payout);
    this.fees -= payout.fee;
    escrow.settled = undefined;
    return true;
  }

  private payOut(holdId: string, sellerId: string, feeBps: number, commandId: string): FakeReply {
    const escrow = this.escrows.get(holdId);
    if (!escrow) return refused(M.wallet.escrowNotReleased, 'WALLET.ESCROW_NOT_FOUND');
    if (escrow.settled) return refused(M.wallet.escrowNotReleased, 'WALLET.ESCROW_SETTLED');
    const fee = (escrow.amount * BigInt(feeBps)) / 10_000n;
    escrow.settled = { sellerId, fee, payout: escrow.amount - fee, commandId };
    this.move(this.proceeds, sellerId, escrow.amount - fee);
    this.fees += fee;
    const [amount, payout] = [escrow.amount.toString(), (escrow.amount - fee).toString()];
    return ok(M.wallet.escrowReleased, { holdId, sellerId, amount, feeBps, fee: fee.toString(), payout });
  }

  private refund(holdId: string, forwardCommandId: string | undefined): FakeReply {
    const escrow = this.escrows.get(holdId);
    if (!escrow)
      return forwardCommandId
        ? ok(M.wallet.escrowRefunded, { holdId, refunded: false, amount: '0' })
        : refused(M.wallet.escrowNotRefunded, 'WALLET.ESCROW_NOT_FOUND');
    if (typeof escrow.settled === 'object')
      return refused(M.wallet.escrowNotRefunded, 'WALLET.ESCROW_SETTLED');
    if (!escrow.settled) this.move(this.available, escrow.buyerId, escrow.amount);
    escrow.settled = 'REFUND';
    return ok(M.wallet.escrowRefunded, { holdId, refunded: true, amount: escrow.amount.toString() });
  }

  /** The hold leaves `held`: back to the user's available money, or (captured) into escrow. */
  private settleHold(hold: Hold, status: Hold['status'], to?: Map<string, bigint>): void {
    hold.status = status;
    this.move(this.held, hold.userId, -hold.amount);
    if (to) this.move(to, hold.userId, hold.amount);
  }

  private move(account: Map<string, bigint>, userId: string, amount: bigint): void {
    account.set(userId, (account.get(userId) ?? 0n) + amount);
  }
}

/** Each refusable step's command and the reply that refuses it. */
const REFUSALS: Record<string, string> = {
  [M.payment.charge]: M.payment.declined,
  [M.warehouse.reserve]: M.warehouse.rejected,
  [M.delivery.book]: M.delivery.rejected,
};

const ANSWERS: Record<string, FakeReply> = {
  [M.payment.charge]: ok(M.payment.charged, { paymentId: 'pay-1' }),
  [M.payment.refund]: ok(M.payment.refunded),
  [M.warehouse.reserve]: ok(M.warehouse.reserved, { reservationId: 'res-1' }),
  [M.warehouse.release]: ok(M.warehouse.released),
  [M.delivery.book]: ok(M.delivery.booked, { bookingId: 'book-1', slotId: 'slot-1' }),
  [M.delivery.cancel]: ok(M.delivery.cancelled),
};

/** Payment, warehouse and delivery: they agree to everything, except `refuse` (a command type) with `code`. */
export function agreeingParticipants(refuse?: {
  command: string;
  code: string;
}): Record<string, FakeParticipant> {
  const answer: FakeParticipant = ({ type }) => {
    if (type === refuse?.command) return refused(REFUSALS[type] ?? `${type}.refused`, refuse.code);
    const reply = ANSWERS[type];
    if (!reply) throw new Error(`no fake answer to ${type}`);
    return reply;
  };
  return { payment: answer, warehouse: answer, delivery: answer };
}

/** The commands of a whole Order v2 run, in order (a SecondChanceOrder's too: the same steps). */
export const ORDER_V2_COMMANDS = [
  M.wallet.placeHold,
  M.payment.charge,
  M.warehouse.reserve,
  M.delivery.book,
  M.wallet.captureHold,
  M.wallet.releaseEscrowToSeller,
];

/** The commands of a whole Order v3 run: the capture and the payout are one settlement. */
export const ORDER_V3_COMMANDS = [
  M.wallet.placeHold,
  M.payment.charge,
  M.warehouse.reserve,
  M.delivery.book,
  M.wallet.settleOrder,
];

/** The delivery address of the specs' orders. */
export const SPEC_ADDRESS: OrderData['address'] = {
  name: 'n',
  line1: 'l',
  city: 'c',
  postcode: 'p',
  country: 'DE',
};

/**
 * An order saga of `sagaType` started on `order` (its id the order's), its buyer having deposited `deposit`
 * in the fake wallet; `participants` answer as the wallet's book allows and agree to everything else.
 */
export function startedOrder<D extends OrderData>(
  registry: SagaRegistry,
  sagaType: string,
  order: D,
  deposit: bigint,
) {
  const wallet = new FakeWallet().deposit(order.buyerId, deposit);
  const run = new SagaDriver(registry, { sagaId: order.orderId });
  run.start(sagaType, order);
  return { run, wallet, participants: { wallet: wallet.participant, ...agreeingParticipants() } };
}
