import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SendPendingDeliveriesHandler } from '../application/send-pending-deliveries/send-pending-deliveries.handler';
import { TELEGRAM_CONFIG, TelegramConfig } from './telegram.config';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs sender rounds until shutdown; a graceful stop lets in-flight sends finish and be recorded. */
@Injectable()
export class DeliverySenderService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySenderService.name);
  private running = false;
  private loop?: Promise<void>;

  constructor(
    @Inject(TELEGRAM_CONFIG) private readonly config: TelegramConfig,
    private readonly sendPending: SendPendingDeliveriesHandler,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.token) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if ((await this.sendPending.execute()) === 0) await sleep(this.config.idlePollMs);
      } catch (e) {
        this.logger.error({ message: 'sender round failed', error: (e as Error).message });
        await sleep(1000);
      }
    }
  }
}
