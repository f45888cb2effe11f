import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '../domain/user';
import type { AuthenticatedRequest } from './auth-request';
import { unauthorized } from '../../shared/http-error';

/** The verified caller of a route guarded by `@Authenticated()` or `@Roles(...)`. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().gavelUser;
  if (!user) throw unauthorized();
  return user;
});
