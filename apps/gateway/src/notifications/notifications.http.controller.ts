import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Authenticated } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { UpstreamClient } from '../upstream/upstream.client';

/** The caller's own notifications (the user id always comes from the token). */
@ApiTags('notifications')
@Controller('notifications')
@Authenticated()
export class NotificationsHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiQuery({ name: 'unreadOnly', required: false })
  @ApiOkResponse({ description: '{items, total, unread, limit, offset}, newest first' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
    @Query('unreadOnly') unreadOnly?: string,
  ): Promise<unknown> {
    const query = new URLSearchParams({ userId: user.userId });
    if (limit !== undefined) query.set('limit', limit);
    if (offset !== undefined) query.set('offset', offset);
    if (unreadOnly !== undefined) query.set('unreadOnly', unreadOnly);
    return (
      await this.upstream.call('notification', {
        method: 'GET',
        path: `/notifications?${query}`,
        caller: callerOf(user),
      })
    ).body;
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentUser() user: AuthUser): Promise<unknown> {
    const query = new URLSearchParams({ userId: user.userId });
    return (
      await this.upstream.call('notification', {
        method: 'POST',
        path: `/notifications/read-all?${query}`,
        body: {},
        caller: callerOf(user),
      })
    ).body;
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const query = new URLSearchParams({ userId: user.userId });
    await this.upstream.call('notification', {
      method: 'POST',
      path: `/notifications/${id}/read?${query}`,
      body: {},
      caller: callerOf(user),
    });
  }
}
