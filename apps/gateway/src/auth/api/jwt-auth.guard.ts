import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@app/contracts';
import { unauthorized } from '../../shared/http-error';
import { AuthErrors } from '../domain/auth.errors';
import { TokenService } from '../infrastructure/token.service';
import type { AuthenticatedRequest } from './auth-request';

export const ROLES_KEY = 'gavel:roles';
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;

/**
 * Requires a valid bearer token (401 AUTH.UNAUTHORIZED otherwise) and, when the route names roles
 * with `@Roles(...)`, one of them (403 AUTH.FORBIDDEN otherwise).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const user = match ? await this.tokens.verify(match[1]) : undefined;
    if (!user) throw unauthorized();
    req.gavelUser = user;
    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required && required.length > 0 && !user.roles.some((role) => required.includes(role))) {
      throw AuthErrors.forbidden();
    }
    return true;
  }
}
