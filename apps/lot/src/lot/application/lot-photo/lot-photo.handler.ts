import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertSeller, Actor } from '../../api/actor';
import { LotErrors } from '../../domain/lot.errors';
import { detectPhotoType, MAX_PHOTOS, PHOTO_ID_PATTERN, PhotoType } from '../../domain/photo';
import { getLot } from '../../infrastructure/lot.repository';
import { galleryPhotoUrl, LotRow, photoUrl } from '../../infrastructure/lot.rows';
import { PHOTO_STORE, PhotoStore } from './photo-store.port';

export const unsupportedPhoto = (): HttpException =>
  new HttpException(
    { code: 'LOT.PHOTO_UNSUPPORTED_TYPE', message: 'the photo must be a JPEG, PNG or WebP image' },
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  );

export interface StoredPhoto {
  lotId: string;
  photoUrl: string;
  contentType: PhotoType;
}

/** The store's key of a gallery photo after the cover (the cover's key is the lot id). */
const galleryKey = (lotId: string, photoId: string): string => `${lotId}.${photoId}`;

/**
 * A lot's photos: the cover (`POST /lots/:id/photo` replaces it) and up to MAX_PHOTOS in all
 * (`POST /lots/:id/photos` adds one; the first becomes the cover). Only the lot's seller uploads.
 */
@Injectable()
export class LotPhotoHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
  ) {}

  async upload(lotId: string, actor: Actor, bytes: Buffer | undefined): Promise<StoredPhoto> {
    const { lot, type } = await this.checked(lotId, actor, bytes);
    return this.putCover(lot, type, bytes as Buffer);
  }

  /** Adds a photo to the gallery: the cover when the lot has none yet; 409 LOT.TOO_MANY_PHOTOS past the limit. */
  async add(lotId: string, actor: Actor, bytes: Buffer | undefined): Promise<StoredPhoto> {
    const { lot, type } = await this.checked(lotId, actor, bytes);
    if (!lot.photo_type) return this.putCover(lot, type, bytes as Buffer);
    if (lot.photo_ids.length >= MAX_PHOTOS - 1) throw LotErrors.tooManyPhotos(lot.id, MAX_PHOTOS);
    const photoId = randomUUID();
    // The bytes first: a photo id in the row always has its bytes (a failed update leaves an unused object).
    await this.store.put(galleryKey(lot.id, photoId), bytes as Buffer);
    const [rows] = (await this.dataSource.query(
      `UPDATE lots SET photo_ids = array_append(photo_ids, $2), updated_at = now()
        WHERE id = $1 AND cardinality(photo_ids) < $3 RETURNING id`,
      [lot.id, photoId, MAX_PHOTOS - 1],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw LotErrors.tooManyPhotos(lot.id, MAX_PHOTOS);
    return { lotId: lot.id, photoUrl: galleryPhotoUrl(lot.id, photoId), contentType: type };
  }

  async download(lotId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const lot = await getLot(this.dataSource, lotId);
    const bytes = lot.photo_type ? await this.store.get(lot.id) : undefined;
    if (!bytes || !lot.photo_type) throw LotErrors.noPhoto(lot.id);
    return { bytes, contentType: lot.photo_type };
  }

  /** A gallery photo; its type is read from its bytes (they were checked on upload). */
  async downloadPhoto(lotId: string, photoId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const lot = await getLot(this.dataSource, lotId);
    const known = PHOTO_ID_PATTERN.test(photoId) && lot.photo_ids.includes(photoId);
    const bytes = known ? await this.store.get(galleryKey(lot.id, photoId)) : undefined;
    const type = bytes && detectPhotoType(bytes);
    if (!bytes || !type) throw LotErrors.noPhoto(lot.id);
    return { bytes, contentType: type };
  }

  private async checked(
    lotId: string,
    actor: Actor,
    bytes: Buffer | undefined,
  ): Promise<{ lot: LotRow; type: PhotoType }> {
    const lot = await getLot(this.dataSource, lotId);
    assertSeller(actor, lot.seller_id, lot.id);
    if (!bytes || bytes.length === 0) throw LotErrors.photoMissing();
    const type = detectPhotoType(bytes);
    if (!type) throw unsupportedPhoto();
    return { lot, type };
  }

  private async putCover(lot: LotRow, type: PhotoType, bytes: Buffer): Promise<StoredPhoto> {
    await this.store.put(lot.id, bytes);
    await this.dataSource.query(`UPDATE lots SET photo_type = $2, updated_at = now() WHERE id = $1`, [
      lot.id,
      type,
    ]);
    return { lotId: lot.id, photoUrl: photoUrl(lot.id), contentType: type };
  }
}
