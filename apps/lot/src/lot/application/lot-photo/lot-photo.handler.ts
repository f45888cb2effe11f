import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSeller, Actor } from '../../api/actor';
import { LotErrors } from '../../domain/lot.errors';
import { detectPhotoType, PhotoType } from '../../domain/photo';
import { getLot } from '../../infrastructure/lot.repository';
import { photoUrl } from '../../infrastructure/lot.rows';
import { PHOTO_STORE, PhotoStore } from './photo-store.port';

export const unsupportedPhoto = (): HttpException =>
  new HttpException(
    { code: 'LOT.PHOTO_UNSUPPORTED_TYPE', message: 'the photo must be a JPEG, PNG or WebP image' },
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  );

/** Stores and serves a lot's photo (one per lot; a new upload replaces it). Only the lot's seller uploads. */
@Injectable()
export class LotPhotoHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
  ) {}

  async upload(
    lotId: string,
    actor: Actor,
    bytes: Buffer | undefined,
  ): Promise<{ lotId: string; photoUrl: string; contentType: PhotoType }> {
    const lot = await getLot(this.dataSource, lotId);
    assertSeller(actor, lot.seller_id, lot.id);
    if (!bytes || bytes.length === 0) throw LotErrors.photoMissing();
    const type = detectPhotoType(bytes);
    if (!type) throw unsupportedPhoto();
    await this.store.put(lot.id, bytes);
    await this.dataSource.query(`UPDATE lots SET photo_type = $2, updated_at = now() WHERE id = $1`, [
      lot.id,
      type,
    ]);
    return { lotId: lot.id, photoUrl: photoUrl(lot.id), contentType: type };
  }

  async download(lotId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const lot = await getLot(this.dataSource, lotId);
    const bytes = lot.photo_type ? await this.store.get(lot.id) : undefined;
    if (!bytes || !lot.photo_type) throw LotErrors.noPhoto(lot.id);
    return { bytes, contentType: lot.photo_type };
  }
}
