import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/common';
import { SELLER_ID_PATTERN } from '../domain/stock';
import { StockErrors } from '../domain/stock.errors';

/**
 * Who is calling. The warehouse is internal: the gateway authenticates the user, checks roles and
 * forwards `x-gavel-user-id` / `x-gavel-role`, which are trusted as given. No role header means an
 * internal caller (another service or an operator) and is treated like an admin.
 */
export type Actor = { role: 'seller'; userId: string } | { role: 'admin' | 'internal'; userId?: string };

export function actorFrom(userIdHeader: unknown, roleHeader: unknown): Actor {
  const userId = typeof userIdHeader === 'string' && userIdHeader !== '' ? userIdHeader : undefined;
  if (userId !== undefined && !SELLER_ID_PATTERN.test(userId)) {
    throw new DomainError('REQUEST.INVALID_USER', 'x-gavel-user-id is malformed', 'validation');
  }
  if (roleHeader === undefined || roleHeader === '') return { role: 'internal', userId };
  if (roleHeader === 'admin') return { role: 'admin', userId };
  if (roleHeader === 'seller') {
    if (!userId)
      throw new DomainError('REQUEST.INVALID_USER', 'a seller request needs x-gavel-user-id', 'validation');
    return { role: 'seller', userId };
  }
  throw StockErrors.forbiddenRole(String(roleHeader));
}

/** A seller manages only their own items; admins and internal callers manage any. */
export function assertMayManage(actor: Actor, sellerId: string, sku: string): void {
  if (actor.role === 'seller' && actor.userId !== sellerId) throw StockErrors.notOwner(sku);
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return actorFrom(req.headers['x-gavel-user-id'], req.headers['x-gavel-role']);
});
