import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SagaErrors } from '../domain/saga.errors';

export const ROLE_HEADER = 'x-gavel-role';

/**
 * Operator endpoints need `x-gavel-role: admin`. The orchestrator is internal (not exposed publicly):
 * only the gateway reaches it, after verifying the caller's JWT and its admin role, and sets the header.
 */
@Injectable()
export class AdminRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers[ROLE_HEADER] !== 'admin') throw SagaErrors.forbidden();
    return true;
  }
}
