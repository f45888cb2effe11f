import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoStore } from '../application/lot-photo/photo-store.port';
import { photoKey } from './photo-key';

/** Photos as files under GAVEL_PHOTO_DIR (default `.gavel/photos`); written to a temp name and renamed, so readers never see half a file. */
export class LocalPhotoStore implements PhotoStore {
  constructor(private readonly root = path.resolve(process.env.GAVEL_PHOTO_DIR ?? '.gavel/photos')) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.file(key));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  private file(key: string): string {
    return path.join(this.root, photoKey(key));
  }
}
