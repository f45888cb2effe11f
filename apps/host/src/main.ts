import type { INestApplication } from '@nestjs/common';
import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { createLogger, WinstonNestLogger } from '@app/observability';
import { HOSTABLE_SERVICES, hostedServices } from './hosted-services';

/**
 * Several services in one Node process (GAVEL_HOST_SERVICES), each a Nest application of its own on its
 * own port, with its own database pool, consumers and configuration exactly as when it runs alone: one
 * event loop, one heap and one set of runtime threads instead of one per service. For a developer
 * machine; a deployment (the Helm chart) still runs every service as a process of its own.
 * The process's name (GAVEL_HOST_NAME, default `shared`) is the `service` of its logs and metrics.
 */
async function main(): Promise<void> {
  const names = hostedServices(process.env.GAVEL_HOST_SERVICES);
  const name = process.env.GAVEL_HOST_NAME || 'shared';
  const logger = new WinstonNestLogger(createLogger(name));
  const apps: INestApplication[] = [];
  let closing = false;
  const closeAll = async (why: string, code: number): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${why}: closing ${names.join(', ')}`, 'Host');
    const results = await Promise.allSettled(apps.map((app) => app.close()));
    for (const r of results)
      if (r.status === 'rejected') logger.error(`close failed: ${String(r.reason)}`, 'Host');
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1); // a second signal: stop waiting
      void closeAll(signal, 0);
    });
  }
  try {
    await Promise.all(
      names.map(async (service, i) => {
        const module = await HOSTABLE_SERVICES[service]();
        const port = httpPort(service, DefaultPorts[service as keyof typeof DefaultPorts]);
        apps.push(await bootstrapService(service, module, port, { name, logger, servesMetrics: i === 0 }));
      }),
    );
  } catch (e) {
    logger.error(`start failed: ${(e as Error).stack ?? String(e)}`, 'Host');
    await closeAll('start failed', 1);
    return;
  }
  logger.log(`${name}: ${names.join(', ')} in process ${process.pid}`, 'Host');
}

void main().catch((e: unknown) => {
  process.stderr.write(`host: ${(e as Error).message}\n`);
  process.exit(1);
});
