import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SagaProjection } from './saga-projection.repository';

/**
 * Resume on start: running sagas need nothing special (their deadlines and retry delays are rows in
 * saga_timers, and replies wait in Kafka behind the committed offset). This scan reports live sagas
 * with no pending timer, which nothing would ever move: there should be none.
 */
@Injectable()
export class ResumeScannerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResumeScannerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stalled = await this.projection.stalled(this.dataSource.manager, 100);
    if (stalled.length === 0) {
      this.logger.log('resume scan: every live saga has a pending timer');
      return;
    }
    for (const saga of stalled) {
      this.logger.warn({
        message: 'live saga without a pending timer: needs an operator (retry-step)',
        ...saga,
      });
    }
  }
}
