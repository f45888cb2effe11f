import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { Topics } from '@app/contracts';
import { parseTraceparent } from '@app/observability';
import { freePort, ServiceProcess, spawnService } from '../support/apps';
import { closePools, db, sleep, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';

/** One span as the OTLP/HTTP JSON exporter sends it, flattened with its service name. */
interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: OtlpAttribute[];
}
interface OtlpRequest {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CONSUMER = 5;

/** OTLP JSON ids are hex; protobuf-style JSON encoders send base64. Accept both. */
const hexId = (id: string | undefined, length: number): string =>
  !id
    ? ''
    : id.length === length && /^[0-9a-f]+$/i.test(id)
      ? id.toLowerCase()
      : Buffer.from(id, 'base64').toString('hex');

const attributeMap = (attributes: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue]),
  );

/** A minimal OTLP/HTTP trace receiver: `POST /v1/traces` with a JSON ExportTraceServiceRequest. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer(
      (req, res) => void this.accept(req).then((status) => res.writeHead(status).end('{}')),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  inTrace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  private async accept(req: IncomingMessage): Promise<number> {
    if (req.method !== 'POST' || req.url !== '/v1/traces') return 404;
    this.contentTypes.add(String(req.headers['content-type']));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
    for (const rs of body.resourceSpans ?? []) {
      const service = String(attributeMap(rs.resource?.attributes)['service.name']);
      for (const span of (rs.scopeSpans ?? []).flatMap((s) => s.spans ?? [])) {
        this.spans.push({
          service,
          name: span.name,
          kind: span.kind,
          traceId: hexId(span.traceId, 32),
          spanId: hexId(span.spanId, 16),
          parentSpanId: hexId(span.parentSpanId, 16),
          attributes: attributeMap(span.attributes),
        });
      }
    }
    return 200;
  }
}

const newTraceparent = () => ({
  traceId: randomBytes(16).toString('hex'),
  spanId: randomBytes(8).toString('hex'),
});

const post = (url: string, body: object, traceparent: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent },
    body: JSON.stringify(body),
  });

/** A real wallet process exporting its spans over OTLP/HTTP to a receiver in this test. */
describe('OpenTelemetry spans over OTLP/HTTP', () => {
  const receiver = new OtlpReceiver();
  let endpoint: string;
  let wallet: ServiceProcess;

  beforeAll(async () => {
    endpoint = await receiver.start();
    wallet = await spawnService('wallet', await freePort(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      GAVEL_WALLET_CONSUMER: uniqueId('wallet-otel-test'),
    });
  });
  afterAll(async () => {
    await wallet?.kill('SIGTERM');
    await receiver.stop();
    await closePools();
  });

  it('exports a SERVER span continuing the caller’s trace, and the outbox row carries that span', async () => {
    const caller = newTraceparent();
    const userId = uniqueId('otel');
    expect(
      (await post(`${wallet.url}/wallets`, { userId }, `00-${caller.traceId}-${caller.spanId}-01`)).status,
    ).toBe(201);
    const [open] = await waitFor(
      'the POST /wallets span',
      async () => receiver.inTrace(caller.traceId).length > 0 && receiver.inTrace(caller.traceId),
    );
    expect(open).toMatchObject({
      service: 'gavel-wallet',
      kind: SPAN_KIND_SERVER,
      parentSpanId: caller.spanId,
      name: 'POST /wallets',
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/wallets',
        'http.response.status_code': 201,
      },
    });
    expect(receiver.contentTypes).toEqual(new Set(['application/json']));

    const topUp = newTraceparent();
    const deposit = await post(
      `${wallet.url}/wallets/${userId}/deposits`,
      { amount: 700 },
      `00-${topUp.traceId}-${topUp.spanId}-01`,
    );
    expect(deposit.status).toBe(201);
    const [span] = await waitFor(
      'the deposit span',
      async () => receiver.inTrace(topUp.traceId).length > 0 && receiver.inTrace(topUp.traceId),
    );
    expect(span).toMatchObject({
      kind: SPAN_KIND_SERVER,
      parentSpanId: topUp.spanId,
      attributes: { 'http.route': '/wallets/:userId/deposits' },
    });
    const { rows } = await db('wallet').query<{ traceparent: string }>(
      `SELECT traceparent FROM outbox WHERE aggregateid = $1 AND type = 'FundsDeposited'`,
      [userId],
    );
    expect(rows).toHaveLength(1);
    expect(parseTraceparent(rows[0].traceparent)).toMatchObject({
      traceId: topUp.traceId,
      spanId: span.spanId,
    });
  });

  it('exports a CONSUMER span per applied Kafka message, child of its traceparent header', async () => {
    const caller = newTraceparent();
    const userId = uniqueId('otel-reg');
    const messageId = randomUUID();
    const data = { userId, email: `${userId}@example.com`, displayName: 'Otel', roles: ['buyer'] };
    await produceRaw(Topics.userEvents, [
      {
        key: userId,
        value: JSON.stringify({ type: 'UserRegistered', data }),
        headers: { 'message-id': messageId, traceparent: `00-${caller.traceId}-${caller.spanId}-01` },
      },
    ]);
    const [span] = await waitFor(
      'the consumer span',
      async () => receiver.inTrace(caller.traceId).length > 0 && receiver.inTrace(caller.traceId),
      60_000,
    );
    expect(span).toMatchObject({
      service: 'gavel-wallet',
      kind: SPAN_KIND_CONSUMER,
      name: `process ${Topics.userEvents}`,
      parentSpanId: caller.spanId,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': Topics.userEvents,
        'messaging.message.id': messageId,
        'gavel.message.type': 'UserRegistered',
      },
    });
    const wallets = await db('wallet').query('SELECT 1 FROM wallet_accounts WHERE user_id = $1', [userId]);
    expect(wallets.rowCount).toBe(1);
  });

  it('flushes buffered spans when the service shuts down', async () => {
    const slow = await spawnService('wallet', await freePort(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      GAVEL_WALLET_CONSUMER: uniqueId('wallet-otel-flush'),
    });
    const caller = newTraceparent();
    try {
      expect(
        (
          await post(
            `${slow.url}/wallets`,
            { userId: uniqueId('otel-flush') },
            `00-${caller.traceId}-${caller.spanId}-01`,
          )
        ).status,
      ).toBe(201);
      await sleep(1000);
      expect(receiver.inTrace(caller.traceId)).toHaveLength(0);
    } finally {
      await slow.kill('SIGTERM');
    }
    await waitFor('the flushed span', async () => receiver.inTrace(caller.traceId).length === 1, 10_000);
    expect(slow.child.exitCode ?? slow.child.signalCode).toBeTruthy();
  });
});
