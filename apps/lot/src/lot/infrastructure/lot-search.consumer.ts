import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { IndexLotEventsHandler } from '../application/search-lots/index-lot-events.handler';
import { LOT_SEARCH_INDEX, LotSearchIndex } from '../application/search-lots/lot-search.port';

export const LOT_SEARCH_CONSUMER = 'lot-search';

/** Consumes lot.events into the search index; its inbox is the lot schema's processed_messages. */
@Injectable()
export class LotSearchConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LotSearchConsumer.name);
  private readonly consumer: IdempotentConsumer;

  constructor(
    dataSource: DataSource,
    handler: IndexLotEventsHandler,
    @Inject(LOT_SEARCH_INDEX) private readonly index: LotSearchIndex,
  ) {
    this.consumer = new IdempotentConsumer(createKafka(LOT_SEARCH_CONSUMER), dataSource, {
      consumer: LOT_SEARCH_CONSUMER,
      groupId: process.env.GAVEL_LOT_SEARCH_GROUP ?? LOT_SEARCH_CONSUMER,
      topics: [Topics.lotEvents],
      handlers: handler.handlers(),
      flush: () => handler.flush(),
      discard: () => handler.discard(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.GAVEL_LOT_SEARCH === 'false') return;
    // The service runs without OpenSearch; indexing resumes (and the index is created) once it is back.
    await this.index
      .ensureIndex()
      .catch((e: Error) => this.logger.warn({ message: 'search index not ready', error: e.message }));
    await this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
