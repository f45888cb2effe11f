import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderSagaMessages, SettleOrderData, SettleOrderSchema } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { decidePayout, Escrow, Settlement } from '../../domain/escrow';
import { decideCapture } from '../../domain/hold';
import { evolveFunds, JournalEntry } from '../../domain/ledger';
import { EscrowRepository } from '../../infrastructure/escrow.repository';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { captureEntry, CaptureHoldHandler } from '../capture-hold/capture-hold.handler';
import {
  payoutEntry,
  releasedReply,
  ReleaseEscrowToSellerHandler,
} from '../release-escrow-to-seller/release-escrow-to-seller.handler';

const { orderSettled, orderNotSettled } = OrderSagaMessages.wallet;

/**
 * The id a settlement's payout is recorded under: the ledger allows one entry per cause, and the capture's
 * entry already has the settle command's id.
 */
export const payoutCommandIdOf = (settleCommandId: string): string => `${settleCommandId}:payout`;

/**
 * wallet.settleOrder (Order v3's pivot): captureHold and releaseEscrowToSeller in the consumer's one
 * transaction — the hold's amount goes into escrow (ledger `hold_captured`, recorded under the command's
 * id) and out to the seller minus the fee (`escrow_paid_out`, under `<commandId>:payout`). A refused capture
 * (the hold is not ACTIVE) is answered wallet.orderNotSettled with its code and nothing moves. A payout
 * refused after the capture cannot leave the money half-way (only an escrow already settled some other way
 * is refused, which the tombstones prevent): the handler throws, the transaction rolls back and the
 * library answers a failure (PARTICIPANT.ERROR). Sent again, it answers the first
 * settlement (both halves are idempotent by the hold).
 */
@Injectable()
export class SettleOrderHandler implements CommandHandler<SettleOrderData> {
  readonly schema = SettleOrderSchema;
  readonly refusedReplyType = orderNotSettled;

  constructor(
    private readonly capture: CaptureHoldHandler,
    private readonly payout: ReleaseEscrowToSellerHandler,
  ) {}

  async handle(
    manager: EntityManager,
    command: ParticipantCommand<SettleOrderData>,
  ): Promise<ParticipantReply> {
    const { data, metadata } = command;
    const captured = await this.capture.handle(manager, {
      ...command,
      data: { holdId: data.holdId, reference: data.reference },
    });
    if (captured.outcome === 'failure')
      return failureReply(orderNotSettled, {
        code: captured.code ?? 'WALLET.NOT_CAPTURED',
        reason: captured.reason ?? 'the hold could not be captured',
      });
    const paid = await this.payout.handle(manager, {
      ...command,
      metadata: { ...metadata, commandId: payoutCommandIdOf(metadata.commandId) },
    });
    if (paid.outcome === 'failure')
      throw new Error(`hold ${data.holdId} captured but its payout refused: ${paid.code} ${paid.reason}`);
    return { ...paid, type: orderSettled };
  }

  /**
   * Many settlements in seven statements: the sellers' wallets opened, the accounts (buyers and sellers,
   * user id order) and the holds (id order) locked, then every ACTIVE hold captured and paid out — hold
   * statuses, captures, both journal entries of each and the settlements written together. Any other
   * command (hold not found or not ACTIVE, a hold named twice, a capture the deposits do not back) is
   * handled alone afterwards, which answers it as it would have.
   */
  async handleMany(
    manager: EntityManager,
    commands: ParticipantCommand<SettleOrderData>[],
  ): Promise<ParticipantReply[]> {
    const sellers = commands.map((c) => c.data.sellerId);
    await FundsRepository.openAccounts(manager, sellers, WALLET_CURRENCY);
    const locked = await FundsRepository.lockHolds(
      manager,
      commands.map((c) => c.data.holdId),
      sellers,
    );
    const answers: ParticipantReply[] = [];
    const captures: Parameters<typeof FundsRepository.insertCaptures>[1][number][] = [];
    const entries: JournalEntry[] = [];
    const settlements: (Settlement & { captureId: string; entry: number })[] = [];
    const alone: number[] = [];
    commands.forEach(({ data, metadata }, i) => {
      const hold = locked.holds.get(data.holdId);
      const buyer = hold && locked.funds.get(hold.userId);
      if (!hold || !buyer || hold.status !== 'ACTIVE' || decideCapture(hold, buyer).kind !== 'captured')
        return void alone.push(i);
      locked.holds.delete(hold.id); // named again, it is handled alone (after this one)
      const escrow: Escrow = {
        captureId: randomUUID(),
        holdId: hold.id,
        buyerId: hold.userId,
        amount: hold.amount,
      };
      const decision = decidePayout(escrow, data.sellerId, this.payout.feeBpsOf(data));
      if (decision.kind !== 'payOut') return void alone.push(i); // a fresh escrow has no settlement
      const capture = captureEntry(metadata, data.reference, hold, escrow.captureId);
      locked.funds.set(hold.userId, evolveFunds(buyer, hold.userId, capture.postings));
      const payoutCommand = { ...metadata, commandId: payoutCommandIdOf(metadata.commandId) };
      const payout: Settlement = {
        id: randomUUID(),
        kind: 'PAYOUT',
        sellerId: data.sellerId,
        ...decision.split,
        commandId: payoutCommand.commandId,
        reversedBy: null,
      };
      captures.push({ id: escrow.captureId, hold, reference: data.reference, commandId: metadata.commandId });
      entries.push(capture, payoutEntry(payoutCommand, data, escrow, decision.split));
      settlements.push({ ...payout, captureId: escrow.captureId, entry: entries.length - 1 });
      answers[i] = { ...releasedReply(escrow, payout), type: orderSettled };
    });
    await FundsRepository.setHoldsStatus(
      manager,
      captures.map((c) => c.hold.id),
      'CAPTURED',
    );
    await FundsRepository.insertCaptures(manager, captures);
    const { entryIds } = await LedgerRepository.postMany(manager, entries);
    await EscrowRepository.insertSettlements(
      manager,
      settlements.map(({ entry, ...s }) => ({ ...s, entryId: entryIds[entry] })),
    );
    for (const i of alone) answers[i] = await this.handle(manager, commands[i]);
    return answers;
  }
}
