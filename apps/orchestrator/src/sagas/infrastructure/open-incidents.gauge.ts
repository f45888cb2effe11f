import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { SAGA_CATALOG, SagaCatalog } from '../saga-catalog';
import { SagaProjection } from './saga-projection.repository';
import { onOpenIncidentsScrape, openIncidentValues, sagaIncidentsOpen } from './saga.metrics';

/**
 * Feeds `gavel_saga_incidents_open{type}` from the `sagas` projection when Prometheus scrapes, rather
 * than counting raised/resolved in memory: the projection is the truth across replicas and restarts (an
 * in-memory gauge would start at 0 after a restart and each replica would see only its own decisions).
 *
 * A scrape reuses a value younger than GAVEL_SAGA_INCIDENTS_GAUGE_CACHE_MS (5 s) and waits at most 1 s for
 * a fresh one; the query itself is cut off by a 1 s statement_timeout. On failure the last values stay.
 */
@Injectable()
export class OpenIncidentsGauge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpenIncidentsGauge.name);
  private readonly cacheMs = intEnv('GAVEL_SAGA_INCIDENTS_GAUGE_CACHE_MS', 5_000);
  private inflight?: Promise<void>;
  private lastAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
    @Inject(SAGA_CATALOG) private readonly catalog: SagaCatalog,
  ) {}

  onApplicationBootstrap(): void {
    onOpenIncidentsScrape(() => this.refreshForScrape());
  }

  async onApplicationShutdown(): Promise<void> {
    onOpenIncidentsScrape(undefined);
    await this.inflight;
  }

  refreshForScrape(): Promise<void> {
    return Promise.race([this.refresh(), new Promise<void>((r) => setTimeout(r, 1_000).unref())]);
  }

  /** Reads the open incidents unless the values are fresh; never rejects. */
  refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (Date.now() - this.lastAt < this.cacheMs) return Promise.resolve();
    this.inflight = this.read().finally(() => {
      this.lastAt = Date.now();
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async read(): Promise<void> {
    try {
      const counts = await this.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL statement_timeout = 1000`);
        return this.projection.openIncidents(m);
      });
      const values = openIncidentValues(this.catalog.registry.types(), counts);
      sagaIncidentsOpen.reset(); // a type no longer found (not in the catalog) drops out
      for (const [type, n] of values) sagaIncidentsOpen.set({ type }, n);
    } catch (e) {
      this.logger.warn({
        message: 'reading open saga incidents for the gauge failed',
        error: (e as Error).message,
      });
    }
  }
}
