import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { photoStoreConfig } from '../../apps/lot/src/lot/infrastructure/photo-store.config';
import { ApiUser } from '../e2e/client';
import { System } from '../e2e/system';
import { closePools, uniqueId } from '../support/env';

/** A PNG as the lot service takes it (it checks the magic bytes); `fill` tells two apart. */
const png = (fill: number): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, fill)]);

/**
 * Lot photos through the public API into the local stack's S3 server (SeaweedFS: `npm run stack -- up
 * seaweedfs`). The gateway and the lot service run as built processes with the lot's default photo
 * store (s3) and a key prefix of this run's own; the test reads the bucket itself with the AWS SDK.
 */
describe('lot photos in the S3 server', () => {
  const prefix = `${uniqueId('photos-test')}/`;
  // where the folder store would have written: it must stay empty
  const photoDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-photos-'));
  const system = new System({ GAVEL_S3_PREFIX: prefix, GAVEL_PHOTO_DIR: photoDir });
  const config = photoStoreConfig({ ...process.env, GAVEL_S3_PREFIX: prefix });
  const settings = config.store === 's3' ? config.s3 : undefined;
  const bucket = settings?.bucket ?? '';
  let s3: S3Client;
  let gw: string;

  const objects = async () =>
    (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];
  const stored = async (key: string) =>
    Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray(),
    );

  beforeAll(async () => {
    if (!settings) throw new Error('GAVEL_PHOTO_STORE=local is set: this test needs the s3 store');
    const { endpoint, region, accessKeyId, secretAccessKey } = settings;
    s3 = new S3Client({
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
    });
    await s3.send(new HeadBucketCommand({ Bucket: bucket })).catch((e: Error) => {
      throw new Error(
        `no bucket ${bucket} at ${endpoint} (${e.name}): start the S3 server with \`npm run stack -- up seaweedfs\``,
      );
    });
    // one at a time: on a busy machine two Node services booting at once may miss the start timeout
    await system.start(['lot']);
    await system.start(['gateway']);
    gw = system.url('gateway');
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
    if (s3) {
      for (const o of await objects()) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
      s3.destroy();
    }
    rmSync(photoDir, { recursive: true, force: true });
  });

  it('keeps an uploaded photo as one object in the bucket and serves it from there', async () => {
    const seller = await ApiUser.register(gw, 'seller');
    const created = await seller.call<{ id: string }>('POST', '/lots', {
      title: 'Brass lamp',
      description: 'A brass desk lamp from the 1950s, working.',
      sku: `sku-${randomUUID().slice(0, 8)}`,
      startPrice: '1000',
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const lotId = created.body.id;
    const key = `${prefix}${lotId}`;
    const upload = (bytes: Buffer) =>
      seller.upload(`/lots/${lotId}/photo`, 'photo', new Blob([bytes], { type: 'image/png' }), 'lamp.png');

    expect(await upload(png(7))).toEqual({
      status: 201,
      body: { lotId, photoUrl: `/lots/${lotId}/photo`, contentType: 'image/png' },
    });
    expect((await objects()).map((o) => [o.Key, o.Size])).toEqual([[key, png(7).length]]);
    expect(Buffer.compare(await stored(key), png(7))).toBe(0);

    // a second upload replaces the object, and the public API serves the bucket's bytes
    expect((await upload(png(9))).status).toBe(201);
    expect((await objects()).map((o) => o.Key)).toEqual([key]);
    expect(Buffer.compare(await stored(key), png(9))).toBe(0);
    const served = await fetch(`${gw}/lots/${lotId}/photo`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), png(9))).toBe(0);
    expect(readdirSync(photoDir)).toEqual([]);

    // with the object gone from the bucket, the lot has no photo to serve
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const gone = await fetch(`${gw}/lots/${lotId}/photo`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('LOT.PHOTO_NOT_FOUND');
  });
});
