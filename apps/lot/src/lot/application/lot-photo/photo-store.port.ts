/** Where lot photos live. The local filesystem adapter is the default; an S3-compatible one can be added. */
export interface PhotoStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
}

export const PHOTO_STORE = Symbol('PHOTO_STORE');
