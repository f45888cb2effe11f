import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3PhotoStore, S3PhotoStoreConfig } from './s3-photo.store';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

const xmlError = (res: ServerResponse, status: number, code: string): void => {
  res
    .writeHead(status, { 'content-type': 'application/xml' })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
    );
};

/**
 * A minimal S3 peer on loopback: PutObject and GetObject on path-style URLs, signed requests only.
 * `failNext` answers the next requests with that status instead (503: the SDK retries; 403: it does not).
 */
async function fakeS3(): Promise<{
  server: Server;
  url: string;
  objects: Map<string, Buffer>;
  seen: Seen[];
  failNext: number[];
}> {
  const objects = new Map<string, Buffer>();
  const seen: Seen[] = [];
  const failNext: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      const fail = failNext.shift();
      if (fail === 503) return xmlError(res, 503, 'SlowDown');
      if (fail) return xmlError(res, fail, 'AccessDenied');
      if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AK/')) {
        return xmlError(res, 403, 'AccessDenied');
      }
      const object = new URL(req.url!, 'http://s3').pathname; // the SDK adds ?x-id=<operation>
      if (req.method === 'PUT') {
        objects.set(object, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"1"' }).end();
        return;
      }
      const bytes = objects.get(object);
      if (!bytes) return xmlError(res, 404, 'NoSuchKey');
      res.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
      res.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, objects, seen, failNext };
}

const config = (endpoint: string, over: Partial<S3PhotoStoreConfig> = {}): S3PhotoStoreConfig => ({
  endpoint,
  bucket: 'gavel-photos',
  region: 'ru-central1',
  accessKeyId: 'AK',
  secretAccessKey: 'SK',
  prefix: 'photos/',
  timeoutMs: 5000,
  ...over,
});

describe('S3PhotoStore', () => {
  let s3: Awaited<ReturnType<typeof fakeS3>>;
  let store: S3PhotoStore;
  beforeEach(async () => {
    s3 = await fakeS3();
    store = new S3PhotoStore(config(s3.url));
  });
  afterEach(() => {
    store.onModuleDestroy();
    s3.server.close();
  });

  it('puts and gets photos path-style with signed requests; a missing one is undefined', async () => {
    await store.put('lot-1', Buffer.from('jpeg bytes'));
    expect([...s3.objects.keys()]).toEqual(['/gavel-photos/photos/lot-1']);
    expect((await store.get('lot-1'))?.toString()).toBe('jpeg bytes');
    expect(await store.get('lot-2')).toBeUndefined();
    const put = s3.seen[0];
    expect(put.method).toBe('PUT');
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AK\/\d{8}\/ru-central1\/s3\/aws4_request,/,
    );
    // no CRC32 checksum that some S3-compatible stores refuse
    expect(Object.keys(put.headers).filter((h) => h.startsWith('x-amz-checksum'))).toEqual([]);
  });

  it('retries a throttled request, and reports a refusal with the operation, the object and the status', async () => {
    s3.failNext.push(503);
    await store.put('lot-1', Buffer.from('jpeg bytes'));
    expect(s3.seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    s3.failNext.push(403);
    await expect(store.get('lot-1')).rejects.toThrow(
      /^S3 GetObject photos\/lot-1: AccessDenied: .* \(HTTP 403\)$/,
    );
  });

  it('gives up at its deadline when the store does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const slow = new S3PhotoStore(
      config(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { timeoutMs: 300 }),
    );
    try {
      const started = Date.now();
      await expect(slow.get('lot-1')).rejects.toThrow(/^S3 GetObject photos\/lot-1: /);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      slow.onModuleDestroy();
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses a key that is not a plain file name', async () => {
    await expect(store.get('../x')).rejects.toThrow(/invalid photo key/);
    await expect(store.put('..', Buffer.from('x'))).rejects.toThrow(/invalid photo key/);
    expect(s3.seen).toEqual([]);
  });
});
