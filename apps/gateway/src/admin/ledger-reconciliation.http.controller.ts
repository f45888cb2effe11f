import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Roles } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { UpstreamClient } from '../upstream/upstream.client';

/** The wallet sums the whole journal: allow it longer than an ordinary call. */
const RECONCILE_TIMEOUT_MS = 60_000;

/** The wallet's reconciliation of its projections (balances, holds, proceeds) with its journal. */
@ApiTags('admin')
@Controller('admin/ledger/reconciliation')
@Roles('admin')
export class LedgerReconciliationHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, description: 'list at most this many differing users (100)' })
  @ApiOkResponse({
    description:
      '{ ok, at, currency, entries, accounts: {available, held, proceeds, escrow, fees, chain_clearing, ' +
      'external}, checks: [{name, expected, actual, ok}], differences: [{userId, projection, projected, ' +
      'journal}], unbalancedEntries, truncated }. Amounts are integer minor units as decimal strings.',
  })
  async run(@CurrentUser() user: AuthUser, @Query('limit') limit?: string): Promise<unknown> {
    const answer = await this.upstream.call('wallet', {
      method: 'GET',
      path: '/ledger/reconciliation',
      query: typeof limit === 'string' ? { limit } : {},
      caller: callerOf(user, 'admin'),
      timeoutMs: RECONCILE_TIMEOUT_MS,
    });
    return answer.body;
  }
}
