import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { USER_ID_PATTERN } from '../domain/lot';
import { LotErrors } from '../domain/lot.errors';

/**
 * Who is calling. The lot service is internal: the gateway authenticates the user and forwards
 * `x-gavel-user-id` / `x-gavel-role`, trusted as given. Reads need no actor.
 */
export interface Actor {
  userId?: string;
  role?: string;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const userId = req.headers['x-gavel-user-id'];
  const role = req.headers['x-gavel-role'];
  return {
    userId: typeof userId === 'string' && userId !== '' ? userId : undefined,
    role: typeof role === 'string' ? role : undefined,
  };
});

/** Only sellers and admins sell; the seller is the calling user. */
export function sellerOf(actor: Actor): string {
  if (actor.role !== 'seller' && actor.role !== 'admin') throw LotErrors.forbiddenRole(actor.role ?? '');
  if (!actor.userId || !USER_ID_PATTERN.test(actor.userId)) throw LotErrors.missingUser();
  return actor.userId;
}

/** Only the lot's seller may change it (e.g. its photo). */
export function assertSeller(actor: Actor, sellerId: string, lotId: string): void {
  if (actor.userId === undefined || actor.userId !== sellerId) throw LotErrors.notOwner(lotId);
}
