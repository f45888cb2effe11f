import type { PageQueryDto } from '@app/common';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import type { UpstreamClient } from '../upstream/upstream.client';

/** The caller's wallet on the wallet service (the user id comes from the token, never from the request). */
export const walletPath = (user: AuthUser): string => `/wallets/${encodeURIComponent(user.userId)}`;

/** The page the caller asked for, as the wallet service's query (what they left out stays out). */
export function pageQuery(page: PageQueryDto): Record<string, string> {
  const query: Record<string, string> = {};
  if (page.limit !== undefined) query.limit = String(page.limit);
  if (page.offset !== undefined) query.offset = String(page.offset);
  return query;
}

/** GET `path` under the caller's wallet on the wallet service, as the caller; the answer's body. */
export async function readOwnWallet(
  upstream: UpstreamClient,
  user: AuthUser,
  path = '',
  query?: Record<string, string>,
): Promise<unknown> {
  return (
    await upstream.call('wallet', {
      method: 'GET',
      path: `${walletPath(user)}${path}`,
      query,
      caller: callerOf(user),
    })
  ).body;
}
