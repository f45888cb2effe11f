import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  Param,
  PayloadTooLargeException,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { catchError, Observable, throwError } from 'rxjs';
import { Actor, CurrentActor } from '../../api/actor';
import { MAX_PHOTO_BYTES } from '../../domain/photo';
import { LotPhotoHandler } from './lot-photo.handler';

/** The part of multer's file this service uses (memory storage). */
interface UploadedPhoto {
  buffer: Buffer;
  size: number;
}

/** Gives multer's size-limit error the lot service's code. */
@Injectable()
export class PhotoUploadErrorsInterceptor implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) =>
        throwError(() =>
          e instanceof PayloadTooLargeException
            ? new HttpException(
                {
                  code: 'LOT.PHOTO_TOO_LARGE',
                  message: `the photo must be at most ${MAX_PHOTO_BYTES} bytes`,
                },
                HttpStatus.PAYLOAD_TOO_LARGE,
              )
            : e,
        ),
      ),
    );
  }
}

const photoUpload = () =>
  UseInterceptors(
    PhotoUploadErrorsInterceptor,
    FileInterceptor('photo', { limits: { fileSize: MAX_PHOTO_BYTES, files: 1 } }),
  );

@Controller('lots')
export class LotPhotoHttpController {
  constructor(private readonly photos: LotPhotoHandler) {}

  /**
   * `POST /lots/:id/photo`, multipart field `photo`: the cover, replaced. 201; 403 LOT.NOT_OWNER; 413
   * LOT.PHOTO_TOO_LARGE (> 5 MB); 415 LOT.PHOTO_UNSUPPORTED_TYPE (not JPEG/PNG/WebP by magic bytes); 400
   * LOT.PHOTO_MISSING.
   */
  @Post(':id/photo')
  @photoUpload()
  upload(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedPhoto | undefined,
  ) {
    return this.photos.upload(id, actor, file?.buffer);
  }

  /** `GET /lots/:id/photo`: the image with its content type; 404 LOT.PHOTO_NOT_FOUND. */
  @Get(':id/photo')
  async download(@Param('id') id: string): Promise<StreamableFile> {
    return fileOf(await this.photos.download(id));
  }

  /**
   * `POST /lots/:id/photos`, multipart field `photo`: one more photo in the lot's gallery (the first is the
   * cover), answered like the cover's upload; 409 LOT.TOO_MANY_PHOTOS past 8 photos.
   */
  @Post(':id/photos')
  @photoUpload()
  add(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedPhoto | undefined,
  ) {
    return this.photos.add(id, actor, file?.buffer);
  }

  /** `GET /lots/:id/photos/:photoId`: a gallery photo; 404 LOT.PHOTO_NOT_FOUND. */
  @Get(':id/photos/:photoId')
  async downloadPhoto(@Param('id') id: string, @Param('photoId') photoId: string): Promise<StreamableFile> {
    return fileOf(await this.photos.downloadPhoto(id, photoId));
  }
}

const fileOf = ({ bytes, contentType }: { bytes: Buffer; contentType: string }): StreamableFile =>
  new StreamableFile(bytes, { type: contentType, length: bytes.length });
