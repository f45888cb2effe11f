import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuctionClosedData, Envelope } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { LotRepository } from '../../infrastructure/lot.repository';

/** A closed lot leaves /lots, and announcements not yet sent for it are skipped. */
@Injectable()
export class CloseLotWhenAuctionClosedHandler implements MessageHandler<AuctionClosedData> {
  readonly schema = {
    type: 'object',
    required: ['lotId', 'closedAt'],
    properties: {
      lotId: { type: 'string', minLength: 1, maxLength: 64 },
      closedAt: { type: 'string', minLength: 10, maxLength: 40 },
    },
  } as const;

  constructor(private readonly lots: LotRepository) {}

  async handle(manager: EntityManager, { data }: Envelope<string, AuctionClosedData>): Promise<void> {
    await this.lots.close(manager, data.lotId, data.closedAt);
  }
}
