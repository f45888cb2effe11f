import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/common';
import { SecondChanceAccepted, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { LotView } from '../../domain/lot';
import { LotErrors } from '../../domain/lot.errors';
import { AnswerDecision, decideAnswer } from '../../domain/second-chance';
import { findLot } from '../../infrastructure/lot.repository';
import { LotRow, secondChanceOf, toLotView } from '../../infrastructure/lot.rows';
import { bidderAddress, dbNow, recordAnswer } from '../../infrastructure/second-chance.repository';
import { fallBack, secondChanceEnded } from './failed-sale';
import { AnswerSecondChanceCommand } from './answer-second-chance.command';

/**
 * The runner-up's answer, decided on the locked lot row by the database clock. Accepting records ACCEPTED and
 * publishes SecondChanceAccepted (the orchestrator starts their order: a fresh hold of the amount first);
 * declining records DECLINED, relists or closes the lot and publishes SecondChanceEnded — each in one
 * transaction with its outbox rows. Refusals: 404 no offer, 403 not theirs, 409 expired or already answered
 * (`details.status`), 422 LOT.ADDRESS_REQUIRED when accepting with no address given nor known from their bids.
 */
@CommandHandler(AnswerSecondChanceCommand)
export class AnswerSecondChanceHandler implements ICommandHandler<AnswerSecondChanceCommand, LotView> {
  private readonly logger = new Logger(AnswerSecondChanceHandler.name);

  constructor(private readonly dataSource: DataSource) {}

  execute(c: AnswerSecondChanceCommand): Promise<LotView> {
    return this.dataSource.transaction(async (manager) => {
      const lot = await findLot(manager, c.lotId, true);
      if (!lot) throw LotErrors.notFound(c.lotId);
      const now = await dbNow(manager);
      const decision = decideAnswer(lot.on_failed_sale, secondChanceOf(lot), c.userId, c.answer, now);
      const after = await this.apply(manager, lot, decision, c, now);
      this.logger.log({
        message: 'second chance answered',
        lotId: lot.id,
        answer: c.answer,
        decision: decision.kind,
      });
      return toLotView(after);
    });
  }

  private async apply(
    manager: EntityManager,
    lot: LotRow,
    decision: AnswerDecision,
    c: AnswerSecondChanceCommand,
    now: Date,
  ): Promise<LotRow> {
    switch (decision.kind) {
      case 'refused':
        throw refusal(lot.id, decision);
      case 'accepted': {
        const address = c.address ?? (await bidderAddress(manager, lot.id, c.userId));
        if (!address)
          throw new DomainError(
            'LOT.ADDRESS_REQUIRED',
            'Give the delivery address: none came with your bids on this lot',
            'unprocessable',
          );
        const row = await recordAnswer(manager, lot.id, 'ACCEPTED', now);
        const accepted: SecondChanceAccepted = {
          type: 'SecondChanceAccepted',
          data: {
            lotId: lot.id,
            sellerId: lot.seller_id,
            bidderId: c.userId,
            sku: lot.sku,
            title: lot.title,
            amount: row.second_chance_amount ?? '0',
            address: { ...address },
            acceptedAt: now.toISOString(),
          },
        };
        await appendToOutbox(manager, [{ topic: Topics.lotEvents, key: lot.id, ...accepted }]);
        return row;
      }
      case 'declined': {
        const row = await recordAnswer(manager, lot.id, 'DECLINED', now);
        const next = await fallBack(manager, row, decision.next, now);
        await appendToOutbox(manager, [secondChanceEnded(next.row, 'DECLINED', now, next), ...next.messages]);
        return next.row;
      }
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown answer decision ${String(unreachable)}`);
      }
    }
  }
}

function refusal(lotId: string, r: Extract<AnswerDecision, { kind: 'refused' }>): DomainError {
  const details = r.status ? { status: r.status } : undefined;
  switch (r.code) {
    case 'LOT.SECOND_CHANCE_NOT_FOUND':
      return new DomainError(r.code, `Lot ${lotId} has no second-chance offer`, 'not_found');
    case 'LOT.SECOND_CHANCE_NOT_YOURS':
      return new DomainError(
        r.code,
        `The second chance on lot ${lotId} is offered to another bidder`,
        'forbidden',
      );
    case 'LOT.SECOND_CHANCE_EXPIRED':
      return new DomainError(r.code, `The second chance on lot ${lotId} has expired`, 'conflict', details);
    case 'LOT.SECOND_CHANCE_ANSWERED':
      return new DomainError(
        r.code,
        `The second chance on lot ${lotId} was already answered (${r.status ?? 'answered'})`,
        'conflict',
        details,
      );
    default: {
      const unreachable: never = r.code;
      throw new Error(`unknown refusal ${String(unreachable)}`);
    }
  }
}
