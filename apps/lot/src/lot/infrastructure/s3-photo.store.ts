import type { PhotoStore } from '../application/lot-photo/photo-store.port';
import { sha256Hex, signV4 } from './sigv4';

export interface S3PhotoStoreConfig {
  /** e.g. https://storage.yandexcloud.net; objects are addressed path-style: <endpoint>/<bucket>/<key> */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** key prefix inside the bucket (e.g. "photos/") */
  prefix: string;
  timeoutMs: number;
}

/**
 * Photos in an S3-compatible object store (Yandex Object Storage, AWS S3, SeaweedFS, ...): PutObject
 * and GetObject over HTTPS with Signature V4, shared by every lot replica. From the environment:
 * GAVEL_PHOTO_STORE=s3, GAVEL_S3_ENDPOINT, GAVEL_S3_BUCKET, GAVEL_S3_REGION (us-east-1),
 * GAVEL_S3_ACCESS_KEY_ID, GAVEL_S3_SECRET_ACCESS_KEY, GAVEL_S3_PREFIX (photos/), GAVEL_S3_TIMEOUT_MS (5000).
 */
export class S3PhotoStore implements PhotoStore {
  constructor(
    private readonly config: S3PhotoStoreConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): S3PhotoStore {
    const required = (name: string): string => {
      const value = env[name];
      if (!value) throw new Error(`${name} is required with GAVEL_PHOTO_STORE=s3`);
      return value;
    };
    return new S3PhotoStore({
      endpoint: required('GAVEL_S3_ENDPOINT').replace(/\/+$/, ''),
      bucket: required('GAVEL_S3_BUCKET'),
      region: env.GAVEL_S3_REGION || 'us-east-1',
      accessKeyId: required('GAVEL_S3_ACCESS_KEY_ID'),
      secretAccessKey: required('GAVEL_S3_SECRET_ACCESS_KEY'),
      prefix: env.GAVEL_S3_PREFIX ?? 'photos/',
      timeoutMs: Number(env.GAVEL_S3_TIMEOUT_MS) > 0 ? Number(env.GAVEL_S3_TIMEOUT_MS) : 5000,
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const res = await this.send('PUT', key, bytes);
    if (!res.ok) throw new Error(`S3 PutObject ${key}: HTTP ${res.status} ${await res.text()}`);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const res = await this.send('GET', key);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`S3 GetObject ${key}: HTTP ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private send(method: 'GET' | 'PUT', key: string, body?: Buffer): Promise<Response> {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`invalid photo key ${key}`);
    const { endpoint, bucket, prefix } = this.config;
    const url = new URL(`${endpoint}/${encodeURIComponent(bucket)}/${prefix}${key}`);
    const headers = signV4(
      {
        method,
        url,
        headers: body ? { 'content-type': 'application/octet-stream' } : {},
        payloadHash: sha256Hex(body ?? ''),
      },
      { ...this.config, service: 's3' },
      this.now(),
    );
    return fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.config.timeoutMs) });
  }
}
