import path from 'node:path';
import type { S3PhotoStoreConfig } from './s3-photo.store';

/**
 * Where the lot service keeps photos, from the environment:
 *
 * GAVEL_PHOTO_STORE            s3 (default): an S3-compatible bucket that every lot replica shares;
 *                              local: files under GAVEL_PHOTO_DIR (default .gavel/photos), one process only
 * GAVEL_S3_ENDPOINT            the store's URL, addressed path-style (default the local stack's SeaweedFS,
 *                              http://127.0.0.1:$GAVEL_S3_PORT, port 18333)
 * GAVEL_S3_BUCKET              the bucket (default gavel-photos, which scripts/stack.sh creates)
 * GAVEL_S3_ACCESS_KEY_ID       the key of an identity that may read and write the bucket's objects
 * GAVEL_S3_SECRET_ACCESS_KEY   (default both: the local stack's development identity)
 * GAVEL_S3_REGION              the signing region (default us-east-1; Yandex Object Storage: ru-central1)
 * GAVEL_S3_PREFIX              the objects' key prefix in the bucket (default photos/)
 * GAVEL_S3_TIMEOUT_MS          the deadline of one put or get, retries included (default 5000)
 *
 * With NODE_ENV=production the endpoint, the bucket and both keys are required: a loopback default
 * would never be right there.
 */
export type PhotoStoreConfig = { store: 'local'; dir: string } | { store: 's3'; s3: S3PhotoStoreConfig };

/** The local stack's object store and its development identity (scripts/stack/seaweedfs.sh). */
export const LOCAL_STACK_S3 = {
  port: 18333,
  bucket: 'gavel-photos',
  accessKeyId: 'gavel-lot',
  secretAccessKey: 'gavel-lot-local-only',
} as const;

export function photoStoreConfig(env: NodeJS.ProcessEnv = process.env): PhotoStoreConfig {
  const store = env.GAVEL_PHOTO_STORE || 's3';
  if (store === 'local') return { store, dir: path.resolve(env.GAVEL_PHOTO_DIR || '.gavel/photos') };
  if (store !== 's3') throw new Error(`GAVEL_PHOTO_STORE must be s3 or local, got "${store}"`);
  const production = env.NODE_ENV === 'production';
  const setting = (name: string, localStack: string): string => {
    const value = env[name];
    if (value) return value;
    if (production) throw new Error(`${name} is required with GAVEL_PHOTO_STORE=s3 in production`);
    return localStack;
  };
  const timeout = env.GAVEL_S3_TIMEOUT_MS || '5000';
  if (!/^[1-9][0-9]*$/.test(timeout)) {
    throw new Error(`GAVEL_S3_TIMEOUT_MS must be a positive integer, got "${timeout}"`);
  }
  return {
    store,
    s3: {
      endpoint: setting(
        'GAVEL_S3_ENDPOINT',
        `http://127.0.0.1:${env.GAVEL_S3_PORT || LOCAL_STACK_S3.port}`,
      ).replace(/\/+$/, ''),
      bucket: setting('GAVEL_S3_BUCKET', LOCAL_STACK_S3.bucket),
      region: env.GAVEL_S3_REGION || 'us-east-1',
      accessKeyId: setting('GAVEL_S3_ACCESS_KEY_ID', LOCAL_STACK_S3.accessKeyId),
      secretAccessKey: setting('GAVEL_S3_SECRET_ACCESS_KEY', LOCAL_STACK_S3.secretAccessKey),
      prefix: env.GAVEL_S3_PREFIX ?? 'photos/',
      timeoutMs: Number(timeout),
    },
  };
}
