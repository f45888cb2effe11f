/** Where lot photos live. The local filesystem adapter is the default (one process); S3PhotoStore is shared by replicas. */
export interface PhotoStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
}

export const PHOTO_STORE = Symbol('PHOTO_STORE');
