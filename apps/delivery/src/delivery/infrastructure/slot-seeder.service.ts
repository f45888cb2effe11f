import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planSlots } from '../domain/schedule';
import { DeliveryConfig } from './delivery.config';

const DAY_MS = 86_400_000;

/** Keeps the standard slots of the coming days in place: on start and then daily (idempotent inserts). */
@Injectable()
export class SlotSeederService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlotSeederService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: DeliveryConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedDays <= 0) return;
    await this.seed(new Date());
    this.timer = setInterval(() => {
      this.seed(new Date()).catch((e: Error) => this.logger.warn(`slot seeding failed: ${e.message}`));
    }, DAY_MS / 4);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async seed(now: Date): Promise<number> {
    const plan = planSlots(now, this.config.seedDays);
    if (plan.length === 0) return 0;
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO slots (id, starts_at, capacity)
       SELECT id, starts_at, $3 FROM unnest($1::varchar[], $2::timestamptz[]) AS p(id, starts_at)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [plan.map((s) => s.id), plan.map((s) => s.startsAt.toISOString()), this.config.seedCapacity],
    );
    if (inserted.length > 0) this.logger.log(`seeded ${inserted.length} delivery slots`);
    return inserted.length;
  }
}
