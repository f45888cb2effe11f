import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuctionClosedData, AuctionClosedSchema, Envelope } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { LotRepository } from '../../infrastructure/lot.repository';

/** A closed lot leaves /lots, and announcements not yet sent for it are skipped. */
@Injectable()
export class CloseLotWhenAuctionClosedHandler implements MessageHandler<AuctionClosedData> {
  /** The one AuctionClosed schema every consumer validates with. */
  readonly schema = AuctionClosedSchema;

  constructor(private readonly lots: LotRepository) {}

  async handle(manager: EntityManager, { data }: Envelope<string, AuctionClosedData>): Promise<void> {
    await this.lots.close(manager, data.lotId, data.closedAt);
  }
}
