import { OnModuleDestroy } from '@nestjs/common';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PhotoStore } from '../application/lot-photo/photo-store.port';
import { photoKey } from './photo-key';

export interface S3PhotoStoreConfig {
  /** e.g. https://storage.yandexcloud.net; objects are addressed path-style: <endpoint>/<bucket>/<key> */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** key prefix inside the bucket (e.g. "photos/") */
  prefix: string;
  /** the deadline of one put or get, retries included */
  timeoutMs: number;
}

/** Attempts of one request (the SDK's standard retry mode: throttling, 5xx and network errors). */
const MAX_ATTEMPTS = 3;

/**
 * Photos in an S3-compatible object store (SeaweedFS in the local stack, Yandex Object Storage, AWS S3)
 * through the AWS SDK: PutObject and GetObject, path-style, shared by every lot replica.
 */
export class S3PhotoStore implements PhotoStore, OnModuleDestroy {
  private readonly client: S3Client;

  constructor(private readonly config: S3PhotoStoreConfig) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default CRC32 checksums on every upload are not understood by every S3-compatible
      // store; send them only where an operation requires one (PutObject does not).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { connectionTimeout: config.timeoutMs, requestTimeout: config.timeoutMs },
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: this.config.bucket,
      Key: this.objectKey(key),
      Body: bytes,
      ContentLength: bytes.length,
      ContentType: 'application/octet-stream',
    });
    await this.client.send(command, this.deadline()).catch((e: unknown) => {
      throw failure('PutObject', command.input.Key, e);
    });
  }

  async get(key: string): Promise<Buffer | undefined> {
    const command = new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) });
    try {
      const object = await this.client.send(command, this.deadline());
      if (!object.Body) throw new Error('the answer has no body');
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (e) {
      if (e instanceof NoSuchKey) return undefined;
      throw failure('GetObject', command.input.Key, e);
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.config.prefix}${photoKey(key)}`;
  }

  private deadline(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.config.timeoutMs) };
  }
}

/** The operation, the object and what the store (or the network) said, the SDK's error as the cause. */
function failure(operation: string, key: string | undefined, e: unknown): Error {
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new Error(`S3 ${operation} ${key}: ${what}${status ? ` (HTTP ${status})` : ''}`, { cause: e });
}
