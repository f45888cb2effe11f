import path from 'node:path';
import { LOCAL_STACK_S3, photoStoreConfig } from './photo-store.config';

describe('photoStoreConfig', () => {
  it('defaults to the local stack’s S3 server and its development identity', () => {
    expect(photoStoreConfig({})).toEqual({
      store: 's3',
      s3: {
        endpoint: 'http://127.0.0.1:18333',
        bucket: 'gavel-photos',
        region: 'us-east-1',
        accessKeyId: LOCAL_STACK_S3.accessKeyId,
        secretAccessKey: LOCAL_STACK_S3.secretAccessKey,
        prefix: 'photos/',
        timeoutMs: 5000,
      },
    });
    const moved = photoStoreConfig({ GAVEL_S3_PORT: '28333' });
    expect(moved.store === 's3' && moved.s3.endpoint).toBe('http://127.0.0.1:28333');
  });

  it('takes every setting from the environment', () => {
    const config = photoStoreConfig({
      NODE_ENV: 'production',
      GAVEL_PHOTO_STORE: 's3',
      GAVEL_S3_ENDPOINT: 'https://storage.yandexcloud.net/',
      GAVEL_S3_BUCKET: 'lots',
      GAVEL_S3_REGION: 'ru-central1',
      GAVEL_S3_ACCESS_KEY_ID: 'AK',
      GAVEL_S3_SECRET_ACCESS_KEY: 'SK',
      GAVEL_S3_PREFIX: '',
      GAVEL_S3_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual({
      store: 's3',
      s3: {
        endpoint: 'https://storage.yandexcloud.net',
        bucket: 'lots',
        region: 'ru-central1',
        accessKeyId: 'AK',
        secretAccessKey: 'SK',
        prefix: '',
        timeoutMs: 2500,
      },
    });
  });

  it('requires the endpoint, the bucket and the keys in production', () => {
    const full = {
      NODE_ENV: 'production',
      GAVEL_S3_ENDPOINT: 'https://storage.yandexcloud.net',
      GAVEL_S3_BUCKET: 'lots',
      GAVEL_S3_ACCESS_KEY_ID: 'AK',
      GAVEL_S3_SECRET_ACCESS_KEY: 'SK',
    };
    for (const name of Object.keys(full).filter((k) => k !== 'NODE_ENV')) {
      expect(() => photoStoreConfig({ ...full, [name]: '' })).toThrow(
        `${name} is required with GAVEL_PHOTO_STORE=s3 in production`,
      );
    }
  });

  it('keeps the folder store selectable, and refuses an unknown store or a bad timeout', () => {
    expect(photoStoreConfig({ GAVEL_PHOTO_STORE: 'local', GAVEL_PHOTO_DIR: '/tmp/photos' })).toEqual({
      store: 'local',
      dir: '/tmp/photos',
    });
    expect(photoStoreConfig({ GAVEL_PHOTO_STORE: 'local' })).toEqual({
      store: 'local',
      dir: path.resolve('.gavel/photos'),
    });
    expect(() => photoStoreConfig({ GAVEL_PHOTO_STORE: 'minio' })).toThrow(/must be s3 or local/);
    expect(() => photoStoreConfig({ GAVEL_S3_TIMEOUT_MS: '5s' })).toThrow(/positive integer/);
  });
});
