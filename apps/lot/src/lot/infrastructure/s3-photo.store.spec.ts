import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3PhotoStore } from './s3-photo.store';

/** A minimal S3 peer on loopback: PutObject/GetObject on path-style URLs, signed requests only. */
function fakeS3(): Promise<{
  server: Server;
  url: string;
  objects: Map<string, Buffer>;
  seen: IncomingMessage[];
}> {
  const objects = new Map<string, Buffer>();
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AK/')) {
      res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') {
        objects.set(req.url!, Buffer.concat(chunks));
        res.writeHead(200).end();
      } else {
        const object = objects.get(req.url!);
        if (object) res.writeHead(200).end(object);
        else res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, objects, seen }),
    ),
  );
}

describe('S3PhotoStore', () => {
  it('puts and gets photos path-style with signed requests; a missing one is undefined', async () => {
    const s3 = await fakeS3();
    try {
      const store = S3PhotoStore.fromEnv({
        GAVEL_S3_ENDPOINT: `${s3.url}/`,
        GAVEL_S3_BUCKET: 'gavel-photos',
        GAVEL_S3_ACCESS_KEY_ID: 'AK',
        GAVEL_S3_SECRET_ACCESS_KEY: 'SK',
      });
      await store.put('lot-1.jpg', Buffer.from('jpeg bytes'));
      expect([...s3.objects.keys()]).toEqual(['/gavel-photos/photos/lot-1.jpg']);
      expect((await store.get('lot-1.jpg'))?.toString()).toBe('jpeg bytes');
      expect(await store.get('lot-2.jpg')).toBeUndefined();
      expect(s3.seen[0].headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      s3.server.close();
    }
  });

  it('refuses a key that is not a plain file name, and a missing setting', async () => {
    const store = S3PhotoStore.fromEnv({
      GAVEL_S3_ENDPOINT: 'http://127.0.0.1:1',
      GAVEL_S3_BUCKET: 'b',
      GAVEL_S3_ACCESS_KEY_ID: 'AK',
      GAVEL_S3_SECRET_ACCESS_KEY: 'SK',
    });
    await expect(store.get('../x')).rejects.toThrow(/invalid photo key/);
    expect(() => S3PhotoStore.fromEnv({})).toThrow(/GAVEL_S3_ENDPOINT is required/);
  });
});
