import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import {
  collectProcessMetrics,
  createLogger,
  initTracing,
  metricsPort,
  registry,
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
  options: {
    largerBodies?: Readonly<Record<string, string>>;
    /** Close the app on SIGTERM/SIGINT (default true; a process hosting several apps closes them itself). */
    shutdownHooks?: boolean;
  } = {},
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
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
}

/**
 * How a service runs when it shares its Node process with others (`apps/host`): one logger, one
 * metrics registry and one tracer for the whole process, and the host, not each app, answers the signals.
 */
export interface SharedProcess {
  /** The process's name: the `service` of its log lines, metrics and spans. */
  name: string;
  logger: WinstonNestLogger;
  /**
   * Whether this app's `/metrics` serves the process's registry. Exactly one app of the process does; the
   * others answer an exposition without series (their targets stay up, and nothing is scraped twice).
   */
  servesMetrics: boolean;
}

export async function bootstrapService(
  service: string,
  module: Type<unknown> | DynamicModule,
  port: number,
  shared?: SharedProcess,
): Promise<INestApplication> {
  const processName = shared?.name ?? service;
  collectProcessMetrics(processName);
  // OpenTelemetry only when an OTLP endpoint is configured; its spans are flushed on app close.
  const root = initTracing(processName) ? TracingModule.around(module) : module;
  const logger = shared?.logger ?? new WinstonNestLogger(createLogger(service));
  const app = await NestFactory.create<NestExpressApplication>(root, { logger, bodyParser: false });
  if (shared && !shared.servesMetrics) app.use('/metrics', metricsServedElsewhere(shared.name));
  configureHttpApp(app, { largerBodies: INTERNAL_LARGER_BODIES, shutdownHooks: !shared });
  await app.listen(port, process.env.GAVEL_HTTP_HOST ?? '127.0.0.1');
  logger.log(`${service} listening on http://127.0.0.1:${port}`, 'Bootstrap');
  return app;
}

/** `GET /metrics` of a hosted app whose process's metrics another app of the process serves. */
function metricsServedElsewhere(processName: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '') || metricsPort()) return next();
    res
      .type(registry.contentType)
      .send(`# the metrics of this process (${processName}) are served by another of its services\n`);
  };
}
