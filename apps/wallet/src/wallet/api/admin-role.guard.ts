import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/common';

export const ROLE_HEADER = 'x-gavel-role';

/**
 * Operator endpoints need `x-gavel-role: admin`. The wallet is internal: only the gateway reaches it,
 * after verifying the caller's JWT and admin role, and sets the header (as for the orchestrator).
 */
@Injectable()
export class AdminRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers[ROLE_HEADER] !== 'admin') {
      throw new DomainError(
        'AUTH.FORBIDDEN',
        'This endpoint is for operators (x-gavel-role: admin)',
        'forbidden',
      );
    }
    return true;
  }
}
