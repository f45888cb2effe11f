import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Roles } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { OperatorActionDto, requireJsonObject, requireSegment } from '../shared/raw-body';
import { UpstreamClient } from '../upstream/upstream.client';

const SAGA_ID = /^[A-Za-z0-9_:.-]{1,128}$/;
const ACTIONS = ['retry-step', 'compensate', 'abort'] as const;
const LIST_FILTERS = ['type', 'status', 'limit', 'offset', 'cursor'] as const;

/** Operator views and actions on sagas, at the orchestrator (as `x-gavel-role: admin`). */
@ApiTags('admin')
@Controller('admin/sagas')
@Roles('admin')
export class SagasHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({ description: 'Sagas from the projection' })
  async list(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>): Promise<unknown> {
    const filters: Record<string, string> = {};
    for (const name of LIST_FILTERS) if (typeof query[name] === 'string') filters[name] = query[name];
    return (
      await this.upstream.call('orchestrator', {
        method: 'GET',
        path: '/sagas',
        query: filters,
        caller: callerOf(user, 'admin'),
      })
    ).body;
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The saga state and its full event history' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<unknown> {
    const path = `/sagas/${requireSegment(id, 'saga id', SAGA_ID)}`;
    return (
      await this.upstream.call('orchestrator', { method: 'GET', path, caller: callerOf(user, 'admin') })
    ).body;
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ACTIONS })
  @ApiBody({ type: OperatorActionDto, required: false })
  async act(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new NotFoundException(`Cannot POST /admin/sagas/${id}/${action}`);
    const path = `/sagas/${requireSegment(id, 'saga id', SAGA_ID)}/${action}`;
    const answer = await this.upstream.call('orchestrator', {
      method: 'POST',
      path,
      body: requireJsonObject(raw),
      caller: callerOf(user, 'admin'),
    });
    res.status(answer.status);
    return answer.body;
  }
}
