import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Roles } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { UpstreamClient } from '../upstream/upstream.client';

const FILTERS = ['since', 'sagaType', 'sagaId', 'limit', 'grace'] as const;
/** The orchestrator walks every matching saga and asks each participant: it may take a while. */
const RECONCILE_TIMEOUT_MS = 120_000;

/** The orchestrator's reconciliation of saga histories with the participants' command logs. */
@ApiTags('admin')
@Controller('admin/reconciliation')
@Roles('admin')
export class ReconciliationHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiQuery({
    name: 'since',
    required: false,
    description: '15m, 2h, 7d or an ISO time (default: every saga)',
  })
  @ApiQuery({ name: 'sagaType', required: false })
  @ApiQuery({ name: 'sagaId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({
    name: 'grace',
    required: false,
    description: 'how long a reply may be in flight (default 60s)',
  })
  @ApiOkResponse({
    description: '{ checkedSagas, checkedCommands, disagreements, unreachable, complete, truncated, at }',
  })
  async run(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>): Promise<unknown> {
    const filters: Record<string, string> = {};
    for (const name of FILTERS) if (typeof query[name] === 'string') filters[name] = query[name];
    const answer = await this.upstream.call('orchestrator', {
      method: 'GET',
      path: '/reconciliation',
      query: filters,
      caller: callerOf(user, 'admin'),
      timeoutMs: RECONCILE_TIMEOUT_MS,
    });
    return answer.body;
  }
}
