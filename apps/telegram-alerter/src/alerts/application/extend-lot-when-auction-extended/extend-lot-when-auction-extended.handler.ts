import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuctionExtendedData, AuctionExtendedSchema, Envelope } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { LotRepository } from '../../infrastructure/lot.repository';

/** Soft close moved the end: /lots shows the new end time. */
@Injectable()
export class ExtendLotWhenAuctionExtendedHandler implements MessageHandler<AuctionExtendedData> {
  readonly schema = AuctionExtendedSchema;

  constructor(private readonly lots: LotRepository) {}

  async handle(manager: EntityManager, { data }: Envelope<string, AuctionExtendedData>): Promise<void> {
    await this.lots.extend(manager, data.lotId, data.endsAt);
  }
}
