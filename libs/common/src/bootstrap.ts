import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import {
  collectProcessMetrics,
  createLogger,
  initTracing,
  TracingModule,
  WinstonNestLogger,
} from '@app/observability';
import { ensureCorrelationId } from './correlation.middleware';
import { rejectNulCharacters } from './reject-nul.middleware';
import { answerBodyParserErrors, HttpErrorFilter } from './http-error.filter';

export const BODY_LIMIT = '16kb';
/**
 * Internal endpoints whose bodies are larger by design (path → limit): a participant's
 * `POST /command-log/lookup` (≤ 1000 ids) and the lot service's `POST /bids/batch` (the gateway's batches
 * stop at 256 KB of bids). Internal services only; the gateway keeps BODY_LIMIT everywhere.
 */
export const INTERNAL_LARGER_BODIES: Readonly<Record<string, string>> = {
  '/command-log/lookup': '300kb',
  '/bids/batch': '1mb',
};

/** Applies the shared HTTP conventions: JSON logs, strict validation, error bodies, body limit. */
export function configureHttpApp(
  app: INestApplication,
  options: { largerBodies?: Readonly<Record<string, string>> } = {},
): void {
  const express = app as NestExpressApplication;
  // API answers are not cached by validators: no hashing of every JSON body for an ETag (static files keep theirs).
  express.set('etag', false);
  express.disable('x-powered-by');
  // Before the body parser, so even a malformed or oversized body gets a correlation id in its error.
  express.use(ensureCorrelationId);
  // A body read here is not read again by the general parser below.
  for (const [path, limit] of Object.entries(options.largerBodies ?? {})) express.use(path, json({ limit }));
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.use(answerBodyParserErrors);
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
  configureHttpApp(app, { largerBodies: INTERNAL_LARGER_BODIES });
  await app.listen(port, process.env.GAVEL_HTTP_HOST ?? '127.0.0.1');
  logger.log(`${service} listening on http://127.0.0.1:${port}`, 'Bootstrap');
  return app;
}
