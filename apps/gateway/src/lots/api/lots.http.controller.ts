import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { httpError } from '../../shared/http-error';
import { requireJsonObject, requireSegment } from '../../shared/raw-body';
import { LOT_ID, PHOTO_ID } from '../domain/lot-id';
import { LotServiceClient, LotServiceResponse } from '../infrastructure/lot-service.client';

const lotSchema = {
  type: 'object',
  description:
    'The lot as the lot service defines it (title, sku, startPrice, increment, endsAt, ...; onFailedSale: ' +
    'second_chance_then_relist | second_chance_then_close (default) | relist | close — what happens if the ' +
    "winner's order fails)",
  additionalProperties: true,
};

/** The lot as `GET /lots/:id` answers it (passed through from the lot service; the main fields only). */
const lotViewSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string', format: 'uuid' },
    sellerId: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
    currentPrice: { type: 'string', description: 'minor units' },
    endsAt: { type: 'string', format: 'date-time' },
    outcome: { type: 'string', enum: ['SOLD', 'UNSOLD'], description: 'once CLOSED' },
    winnerId: { type: 'string', description: 'SOLD only' },
    saleStatus: {
      type: 'string',
      enum: ['PENDING', 'COMPLETED', 'FAILED'],
      description: "SOLD only: PENDING until the winner's order ends, then COMPLETED or FAILED",
    },
    saleOrderId: { type: 'string', description: "the winner's order, once it ended" },
    saleFailureCode: {
      type: 'string',
      description: "FAILED only: the order's stable code, e.g. WAREHOUSE.OUT_OF_STOCK",
    },
    saleFailureReason: { type: 'string', description: 'FAILED only: why the order failed' },
    saleSettledAt: { type: 'string', format: 'date-time' },
    onFailedSale: {
      type: 'string',
      enum: ['second_chance_then_relist', 'second_chance_then_close', 'relist', 'close'],
      description: "the seller's choice when listing: what happens if the winner's order fails",
    },
    stage: {
      type: 'string',
      enum: [
        'OPEN',
        'UNSOLD',
        'SALE_PENDING',
        'SOLD',
        'SALE_FAILED',
        'SECOND_CHANCE_OFFERED',
        'SECOND_CHANCE_ACCEPTED',
        'SOLD_TO_RUNNER_UP',
        'RELISTED',
        'CLOSED_UNSOLD',
      ],
      description: "the lot's stage in one word, a failed sale's path included",
    },
    buyerId: { type: 'string', description: 'who bought it, once their order completed' },
    secondChance: {
      type: 'object',
      description:
        'after a failed sale: the offer to the runner-up at their last bid (POST /lots/:id/second-chance/accept | decline)',
      properties: {
        bidderId: { type: 'string' },
        amount: { type: 'string', description: 'minor units' },
        status: {
          type: 'string',
          enum: ['OFFERED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'COMPLETED', 'FAILED'],
        },
        offeredAt: { type: 'string', format: 'date-time' },
        expiresAt: { type: 'string', format: 'date-time' },
        answeredAt: { type: 'string', format: 'date-time' },
        orderId: { type: 'string' },
        failureCode: { type: 'string' },
        failureReason: { type: 'string' },
      },
    },
    failedSaleOutcome: { type: 'string', enum: ['SOLD_TO_RUNNER_UP', 'RELISTED', 'CLOSED_UNSOLD'] },
    relistedAsLotId: { type: 'string', format: 'uuid' },
    relistedFromLotId: { type: 'string', format: 'uuid' },
    photoUrl: { type: 'string', description: 'the cover photo, once the seller added one' },
    photoUrls: {
      type: 'array',
      items: { type: 'string' },
      description: 'every photo (up to 8), the cover first',
    },
  },
};

const photoUploadSchema = {
  type: 'object',
  properties: { photo: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 5 MB' } },
};

/** The raw query string of a request (forwarded as is; the lot service validates it). */
const queryOf = (req: Request): string => {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
};

/** Lots at the lot service: public reads, sellers create lots and upload photos. */
@ApiTags('lots')
@Controller('lots')
export class LotsHttpController {
  constructor(private readonly lots: LotServiceClient) {}

  @Post()
  @HttpCode(201)
  @Roles('seller')
  @ApiBody({ schema: lotSchema })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const answer = await this.lots.call({
      method: 'POST',
      path: '/lots',
      json: requireJsonObject(raw),
      caller: callerOf(user, 'seller'),
    });
    return this.relay(answer, res);
  }

  @Get()
  @ApiOkResponse({ description: 'Lots, filtered and paged as the lot service allows' })
  async list(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.relay(await this.lots.call({ method: 'GET', path: '/lots', query: queryOf(req) }), res);
  }

  @Get('search')
  @ApiOkResponse({ description: 'Full-text search: ?q=' })
  async search(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.relay(
      await this.lots.call({ method: 'GET', path: '/lots/search', query: queryOf(req) }),
      res,
    );
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'The lot, with the outcome of its sale once it closed SOLD',
    schema: lotViewSchema,
  })
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    return this.relay(await this.lots.call({ method: 'GET', path: `/lots/${lotId}`, lotId }), res);
  }

  @Get(':id/bids')
  async bids(
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    return this.relay(
      await this.lots.call({ method: 'GET', path: `/lots/${lotId}/bids`, lotId, query: queryOf(req) }),
      res,
    );
  }

  @Get(':id/photo')
  async photo(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    return this.relay(await this.lots.call({ method: 'GET', path: `/lots/${lotId}/photo`, lotId }), res);
  }

  @Get(':id/photos/:photoId')
  @ApiOkResponse({ description: "A photo of the lot's gallery (as listed in its photoUrls)" })
  async galleryPhoto(
    @Param('id') id: string,
    @Param('photoId') photoId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    const path = `/lots/${lotId}/photos/${requireSegment(photoId, 'photo id', PHOTO_ID)}`;
    return this.relay(await this.lots.call({ method: 'GET', path, lotId }), res);
  }

  /** The cover photo, replaced. The multipart body is streamed through untouched; the lot service checks type, size and owner. */
  @Post(':id/photo')
  @HttpCode(201)
  @Roles('seller')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: photoUploadSchema })
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return this.forwardPhoto(user, requireSegment(id, 'lot id', LOT_ID), 'photo', req, res);
  }

  /** One more photo in the lot's gallery (the first becomes the cover); 409 LOT.TOO_MANY_PHOTOS past 8. */
  @Post(':id/photos')
  @HttpCode(201)
  @Roles('seller')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: photoUploadSchema })
  addPhoto(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return this.forwardPhoto(user, requireSegment(id, 'lot id', LOT_ID), 'photos', req, res);
  }

  private async forwardPhoto(
    user: AuthUser,
    lotId: string,
    to: 'photo' | 'photos',
    req: Request,
    res: Response,
  ): Promise<unknown> {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      throw httpError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Upload the photo as multipart/form-data');
    }
    const headers: Record<string, string> = { 'content-type': contentType };
    if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    const answer = await this.lots.call({
      method: 'POST',
      path: `/lots/${lotId}/${to}`,
      lotId,
      stream: { body: req, headers },
      caller: callerOf(user, 'seller'),
    });
    return this.relay(answer, res);
  }

  private relay(answer: LotServiceResponse, res: Response): unknown {
    res.status(answer.status);
    // Bytes go out as they came (a Buffer returned plainly would be serialized as JSON).
    if (answer.raw)
      return new StreamableFile(answer.raw, {
        type: answer.contentType || 'application/octet-stream',
        length: answer.raw.length,
      });
    return answer.body;
  }
}
