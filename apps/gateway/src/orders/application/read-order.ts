import { HttpException } from '@nestjs/common';
import type { OrderView } from '@app/contracts';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { UpstreamClient } from '../../upstream/upstream.client';
import { asOrderView } from '../domain/order';

/** An order view from the orchestrator at `path`; undefined when it answers 404 (other failures are thrown). */
export async function readOrder(
  upstream: UpstreamClient,
  path: string,
  caller: AuthUser,
  waitMs = 0,
): Promise<OrderView | undefined> {
  try {
    const answer = await upstream.call('orchestrator', {
      method: 'GET',
      path,
      waitMs,
      caller: callerOf(caller),
    });
    return asOrderView(answer.body);
  } catch (e) {
    if (e instanceof HttpException && e.getStatus() === 404) return undefined;
    throw e;
  }
}
