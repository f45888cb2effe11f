import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  EscrowReleasedData,
  OrderSagaMessages,
  ReleaseEscrowToSellerData,
  ReleaseEscrowToSellerSchema,
} from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decidePayout, Escrow, Settlement } from '../../domain/escrow';
import type { FeeSplit } from '../../domain/posting-rules';
import { causedBy, JournalEntry } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { EscrowRepository } from '../../infrastructure/escrow.repository';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LEDGER_CONFIG, LedgerConfig, WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { escrowReleased, escrowNotReleased } = OrderSagaMessages.wallet;

export const releasedReply = (escrow: Escrow, payout: Settlement): ParticipantReply => ({
  type: escrowReleased,
  outcome: 'success',
  data: {
    holdId: escrow.holdId,
    captureId: escrow.captureId,
    sellerId: payout.sellerId ?? '',
    amount: escrow.amount.toString(),
    feeBps: payout.feeBps,
    fee: payout.fee.toString(),
    payout: payout.payout.toString(),
    currency: WALLET_CURRENCY,
  } satisfies EscrowReleasedData,
});

/** The journal entry of a payout (`escrow_paid_out`), recorded under the paying command's id. */
export const payoutEntry = (
  metadata: { commandId: string; sagaId: string },
  data: { sellerId: string; reference: string },
  escrow: Escrow,
  split: FeeSplit,
): JournalEntry => ({
  kind: 'escrow_paid_out',
  ...causedBy(metadata),
  reference: data.reference,
  details: {
    holdId: escrow.holdId,
    captureId: escrow.captureId,
    sellerId: data.sellerId,
    feeBps: String(split.feeBps),
    fee: split.fee.toString(),
    payout: split.payout.toString(),
  },
  postings: PostingRules.escrowPaidOut(data.sellerId, split),
});

/**
 * wallet.releaseEscrowToSeller: the escrow of a captured hold pays the seller's proceeds the amount minus
 * the platform's fee (the rate the command states — the order's, fixed when it started — else
 * GAVEL_PLATFORM_FEE_BPS; rounded down to a minor unit) and the fee to the platform (ledger
 * `escrow_paid_out`). Paying the same seller again answers the first payout; an escrow that was
 * refunded or paid to another seller is refused with WALLET.ESCROW_SETTLED, a hold that was never
 * captured with WALLET.ESCROW_NOT_FOUND. Compensation: wallet.reverseEscrowRelease.
 */
@Injectable()
export class ReleaseEscrowToSellerHandler implements CommandHandler<ReleaseEscrowToSellerData> {
  readonly schema = ReleaseEscrowToSellerSchema;
  readonly refusedReplyType = escrowNotReleased;

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ReleaseEscrowToSellerData>,
  ): Promise<ParticipantReply> {
    const decision = decidePayout(
      await EscrowRepository.lockEscrow(manager, { holdId: data.holdId }),
      data.sellerId,
      this.feeBpsOf(data),
    );
    if (decision.kind === 'rejected') return failureReply(escrowNotReleased, decision);
    if (decision.kind === 'alreadyPaidOut') return releasedReply(decision.escrow, decision.settlement);
    const { escrow, split } = decision;
    await FundsRepository.openAccount(manager, data.sellerId, WALLET_CURRENCY);
    const { entryId } = await LedgerRepository.post(manager, payoutEntry(metadata, data, escrow, split));
    const payout: Settlement = {
      id: randomUUID(),
      kind: 'PAYOUT',
      sellerId: data.sellerId,
      ...split,
      commandId: metadata.commandId,
      reversedBy: null,
    };
    await EscrowRepository.insertSettlement(manager, { ...payout, captureId: escrow.captureId, entryId });
    return releasedReply(escrow, payout);
  }

  /** The fee rate of a payout: the command's (the order's, fixed when it started), else the configured one. */
  feeBpsOf(data: { feeBps?: number }): number {
    return data.feeBps ?? this.config.platformFeeBps;
  }
}
