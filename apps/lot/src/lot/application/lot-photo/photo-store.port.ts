/** Where lot photos live: S3PhotoStore (a bucket every replica shares, the default) or LocalPhotoStore (one process's folder). */
export interface PhotoStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
}

export const PHOTO_STORE = Symbol('PHOTO_STORE');
