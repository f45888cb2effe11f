import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { collectProcessMetrics, createLogger, initTracing, TracingModule, WinstonNestLogger } from '@app/observability';
import { ensureCorrelationId } from './correlation.middleware';
import { rejectNulCharacters } from './reject-nul.middleware';
import { HttpErrorFilter } from './http-error.filter';

export const BODY_LIMIT = '16kb';

/** Applies the shared HTTP conventions: JSON logs, strict validation, error bodies, body limit. */
export function configureHttpApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Before the body parser, so even a malformed or oversized body gets a correlation id in its error.
  express.use(ensureCorrelationId);
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.use(rejectNulCharacters);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
}

export async function bootstrapService(
  service: string,
  module: Type<unknown> | DynamicModule,
  port: number,
): Promise<INestApplication> {
  collectProcessMetrics(service);
  // OpenTelemetry only when an OTLP endpoint is configured; its spans are flushed on app close.
  const root = initTracing(service) ? TracingModule.around(module) : module;
  const logger = new WinstonNestLogger(createLogger(service));
  const app = await NestFactory.create<NestExpressApplication>(root, { logger, bodyParser: false });
  configureHttpApp(app);
  await app.listen(port, process.env.GAVEL_HTTP_HOST ?? '127.0.0.1');
  logger.log(`${service} listening on http://127.0.0.1:${port}`, 'Bootstrap');
  return app;
}
