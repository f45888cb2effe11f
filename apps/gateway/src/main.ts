import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp, DefaultPorts, httpPort } from '@app/common';
import { collectProcessMetrics, createLogger, WinstonNestLogger } from '@app/observability';
import { AppModule } from './app.module';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { setupOpenApi } from './openapi';
import { GATEWAY_LARGER_BODIES } from './shared/body-limits';
import { applyTrustProxy } from './shared/trust-proxy';

/** The gateway's own bootstrap: the shared HTTP conventions plus the OpenAPI document. */
async function bootstrap(): Promise<void> {
  const service = 'gateway';
  collectProcessMetrics(service);
  const logger = new WinstonNestLogger(createLogger(service));
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger, bodyParser: false });
  applyTrustProxy(app, app.get<GatewayConfig>(GATEWAY_CONFIG).trustProxy);
  configureHttpApp(app, { largerBodies: GATEWAY_LARGER_BODIES });
  setupOpenApi(app);
  const port = httpPort(service, DefaultPorts.gateway);
  await app.listen(port, process.env.GAVEL_HTTP_HOST ?? '127.0.0.1');
  logger.log(`${service} listening on http://127.0.0.1:${port} (API docs at /docs)`, 'Bootstrap');
}

void bootstrap();
