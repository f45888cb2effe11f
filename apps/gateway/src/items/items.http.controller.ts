import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Roles } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { requireJsonObject, requireSegment } from '../shared/raw-body';
import { UpstreamClient } from '../upstream/upstream.client';

const SKU = /^[A-Za-z0-9_.-]{1,64}$/;

const itemSchema = {
  type: 'object',
  description: 'The warehouse item; for a seller, sellerId is always the caller (an admin names it)',
  properties: { sku: { type: 'string', example: 'SKU-123' }, sellerId: { type: 'string' } },
  additionalProperties: true,
};
const stockSchema = {
  type: 'object',
  description: 'The stock change, as the warehouse defines it',
  additionalProperties: true,
};

/** Items and stock at the warehouse service, for sellers (their own items) and admins. */
@ApiTags('items')
@Controller('items')
@Roles('seller', 'admin')
export class ItemsHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ schema: itemSchema })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const body = requireJsonObject(raw);
    const item = user.roles.includes('admin') ? body : { ...body, sellerId: user.userId };
    const answer = await this.upstream.call('warehouse', {
      method: 'POST',
      path: '/items',
      body: item,
      caller: callerOf(user),
    });
    res.status(answer.status);
    return answer.body;
  }

  @Put(':sku/stock')
  @ApiBody({ schema: stockSchema })
  async setStock(
    @CurrentUser() user: AuthUser,
    @Param('sku') sku: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const path = `/items/${requireSegment(sku, 'sku', SKU)}/stock`;
    const answer = await this.upstream.call('warehouse', {
      method: 'PUT',
      path,
      body: requireJsonObject(raw),
      caller: callerOf(user),
    });
    res.status(answer.status);
    return answer.body;
  }

  @Get(':sku')
  @ApiOkResponse({ description: 'The item and its stock' })
  async get(@CurrentUser() user: AuthUser, @Param('sku') sku: string): Promise<unknown> {
    const path = `/items/${requireSegment(sku, 'sku', SKU)}`;
    return (await this.upstream.call('warehouse', { method: 'GET', path, caller: callerOf(user) })).body;
  }
}
