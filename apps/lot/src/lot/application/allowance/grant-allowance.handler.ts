import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AllowanceFailureCodes,
  AllowanceGrantedData,
  AllowanceSagaMessages,
  BidFailureCodes,
  GrantAllowanceData,
  GrantAllowanceSchema,
} from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { findLot } from '../../infrastructure/lot.repository';

const { allowanceGranted, allowanceRefused } = AllowanceSagaMessages;

/**
 * `lot.grantAllowance` (BidAllowance saga, the pivot): the wallet holds `amount` for the bidder on this
 * lot; the lot adds it to the bidder's allowance. Runs with the lot row locked, so it serialises with the
 * bid desk and the auction clock. Refused (the saga releases the hold) when the lot is unknown, closed,
 * the bidder's own, or the hold was already given up (LOT.ALLOWANCE_RELEASED); a hold granted before is
 * answered again without adding it twice.
 */
@Injectable()
export class GrantAllowanceHandler implements ParticipantHandler<GrantAllowanceData> {
  readonly schema = GrantAllowanceSchema;
  readonly refusedReplyType = allowanceRefused;

  async handle(
    manager: EntityManager,
    { data }: ParticipantCommand<GrantAllowanceData>,
  ): Promise<ParticipantReply> {
    const refuse = (code: string, reason: string): ParticipantReply => ({
      type: allowanceRefused,
      outcome: 'failure',
      data: { lotId: data.lotId, bidderId: data.bidderId, holdId: data.holdId },
      code,
      reason,
    });
    const lot = await findLot(manager, data.lotId, true);
    if (!lot) return refuse(BidFailureCodes.notFound, `no lot ${data.lotId}`);
    const granted: { released_at: Date | null }[] = await manager.query(
      `SELECT released_at FROM allowance_holds WHERE hold_id = $1`,
      [data.holdId],
    );
    if (granted[0]?.released_at)
      return refuse(AllowanceFailureCodes.released, 'the hold was already given up');
    if (!granted[0]) {
      if (lot.status !== 'OPEN') return refuse(BidFailureCodes.closed, 'the auction is closed');
      if (lot.seller_id === data.bidderId)
        return refuse(BidFailureCodes.ownLot, 'a seller cannot bid on their own lot');
      await manager.query(
        `INSERT INTO allowance_holds (hold_id, lot_id, bidder_id, amount) VALUES ($1, $2, $3, $4)`,
        [data.holdId, lot.id, data.bidderId, data.amount],
      );
      await manager.query(
        `INSERT INTO allowances (lot_id, bidder_id, amount, keep_when_outbid) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lot_id, bidder_id) DO UPDATE SET amount = allowances.amount + EXCLUDED.amount,
           keep_when_outbid = allowances.keep_when_outbid OR EXCLUDED.keep_when_outbid, updated_at = now()`,
        [lot.id, data.bidderId, data.amount, data.keepWhenOutbid ?? false],
      );
    }
    const [row]: { amount: string }[] = await manager.query(
      `SELECT amount FROM allowances WHERE lot_id = $1 AND bidder_id = $2`,
      [lot.id, data.bidderId],
    );
    const reply: AllowanceGrantedData = {
      lotId: lot.id,
      bidderId: data.bidderId,
      holdId: data.holdId,
      allowance: row?.amount ?? '0',
    };
    return { type: allowanceGranted, outcome: 'success', data: reply };
  }
}
