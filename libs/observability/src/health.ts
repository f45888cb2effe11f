import { Controller, DynamicModule, Get, Inject, Injectable, Module } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TerminusModule,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurity } from './kafka-security';
import { openSearchClient } from './log-shipping/opensearch.sink';

export type Dependency = 'database' | 'kafka' | 'opensearch';

export interface HealthOptions {
  /**
   * What the service depends on. Readiness (`/health/ready`, the Kubernetes readiness probe) checks
   * only what the pod itself needs to answer requests, its database pool; the shared Kafka broker and
   * the logging OpenSearch are reported by `/health/dependencies`, so a blip of either does not take
   * every pod of every service out of rotation at once (the outbox and the consumers ride it out).
   * Liveness only says the process answers.
   */
  dependencies: Dependency[];
  kafkaBrokers?: string[];
}

const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
/** What readiness checks of a service's dependencies: what the pod itself needs. */
const READINESS: readonly Dependency[] = ['database'];

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

@Injectable()
export class DependencyIndicators {
  private readonly admin;

  constructor(
    @Inject(HEALTH_OPTIONS) options: HealthOptions,
    private readonly indicators: HealthIndicatorService,
  ) {
    const brokers =
      options.kafkaBrokers ??
      (process.env.GAVEL_KAFKA_BROKERS ?? `127.0.0.1:${process.env.GAVEL_KAFKA_PORT ?? 19092}`).split(',');
    this.admin = new Kafka({
      clientId: 'health',
      brokers,
      ...kafkaSecurity(),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
  }

  async kafka(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafka');
    try {
      await withTimeout(
        this.admin.connect().then(() => this.admin.describeCluster()),
        2000,
        'kafka',
      );
      return check.up();
    } catch (e) {
      await this.admin.disconnect().catch(() => undefined);
      return check.down({ message: (e as Error).message });
    }
  }

  async opensearch(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('opensearch');
    try {
      const res = await withTimeout(openSearchClient().cluster.health({}), 2000, 'opensearch');
      const status = String(res.body.status);
      return status === 'red' ? check.down({ cluster: status }) : check.up({ cluster: status });
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly deps: DependencyIndicators,
  ) {}

  /** The process is alive and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready to take traffic: the pod's own database pool answers (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.check(this.options.dependencies.filter((d) => READINESS.includes(d)));
  }

  /** Every dependency this service uses, shared infrastructure included (503 when one is down). */
  @Get('dependencies')
  @HealthCheck()
  dependencies(): Promise<HealthCheckResult> {
    return this.check(this.options.dependencies);
  }

  private check(dependencies: Dependency[]): Promise<HealthCheckResult> {
    const checks = dependencies.map((d) => {
      switch (d) {
        case 'database':
          return () => this.db.pingCheck('database', { timeout: 2000 });
        case 'kafka':
          return () => this.deps.kafka();
        case 'opensearch':
          return () => this.deps.opensearch();
        default: {
          const _exhaustive: never = d;
          throw new Error(`unknown dependency ${String(_exhaustive)}`);
        }
      }
    });
    return this.health.check(checks);
  }
}

/** `/health/live` and `/health/ready` for a service: `HealthModule.forService({ dependencies: [...] })`. */
@Module({})
export class HealthModule {
  static forService(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, DependencyIndicators],
    };
  }
}
