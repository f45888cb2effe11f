import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, LotCreatedData, LotCreatedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { LotRepository } from '../../infrastructure/lot.repository';

/**
 * Stores the lot and queues one delivery per active subscriber in the consumer's transaction (with
 * its inbox row), so an event is fanned out exactly once; the sender drains the queue.
 */
@Injectable()
export class BroadcastWhenLotCreatedHandler implements MessageHandler<LotCreatedData> {
  readonly schema = LotCreatedSchema;
  private readonly logger = new Logger(BroadcastWhenLotCreatedHandler.name);

  constructor(private readonly lots: LotRepository) {}

  async handle(manager: EntityManager, { data, metadata }: Envelope<string, LotCreatedData>): Promise<void> {
    if (!(await this.lots.insert(manager, data, metadata.occurredAt))) {
      this.logger.log({ message: 'lot already known, not announced again', lotId: data.lotId });
      return;
    }
    const queued = await this.lots.fanOut(manager, data.lotId);
    this.logger.log({ message: 'lot queued for subscribers', lotId: data.lotId, deliveries: queued });
  }
}
