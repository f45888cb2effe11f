import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { configureHttpApp } from '@app/common';
import { AppModule } from '../../apps/gateway/src/app.module';
import { GATEWAY_CONFIG, GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { setupOpenApi } from '../../apps/gateway/src/openapi';
import { GATEWAY_LARGER_BODIES } from '../../apps/gateway/src/shared/body-limits';
import { applyTrustProxy } from '../../apps/gateway/src/shared/trust-proxy';
import { uniqueId } from '../support/env';

export const TEST_JWT_SECRET = 'gateway-int-test-secret-0123456789';

/** Boots the gateway in-process like its main.ts (shared HTTP conventions + OpenAPI), with `env` applied first. */
export async function startGateway(env: Record<string, string>): Promise<INestApplication> {
  Object.assign(process.env, { GAVEL_JWT_SECRET: TEST_JWT_SECRET, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  applyTrustProxy(app, app.get<GatewayConfig>(GATEWAY_CONFIG).trustProxy);
  configureHttpApp(app, { largerBodies: GATEWAY_LARGER_BODIES });
  setupOpenApi(app);
  await app.init();
  return app;
}

export interface RegisteredUser {
  userId: string;
  email: string;
  token: string;
}

export async function registerAndLogin(
  app: INestApplication,
  role: 'buyer' | 'seller',
  password = 'password-123',
): Promise<RegisteredUser> {
  const email = `${uniqueId(role)}@example.com`;
  const reg = await request(app.getHttpServer())
    .post('/auth/register')
    .send({ email, password, displayName: `Test ${role}`, role })
    .expect(201);
  return { userId: reg.body.userId, email, token: await login(app, email, password) };
}

export async function login(app: INestApplication, email: string, password: string): Promise<string> {
  const res = await request(app.getHttpServer()).post('/auth/login').send({ email, password }).expect(200);
  return res.body.accessToken as string;
}

/** Signs tokens with the test secret, e.g. already expired ones. */
export const testJwt = new JwtService({ secret: TEST_JWT_SECRET, signOptions: { algorithm: 'HS256' } });

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  raw?: string;
  delayMs?: number;
}

/** A stand-in for an internal service over real HTTP: records every request and answers with `route`. */
export class FakeService {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;

  constructor(public route: (req: RecordedRequest) => FakeAnswer) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const answer = this.route(recorded);
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(answer.status, {
            'content-type': answer.raw === undefined ? 'application/json' : 'text/plain',
          });
          res.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
