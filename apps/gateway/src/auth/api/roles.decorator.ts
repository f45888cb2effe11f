import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { UserRole } from '@app/contracts';
import { ErrorBodyDto } from '../../shared/error-body.dto';
import { JwtAuthGuard, ROLES_KEY } from './jwt-auth.guard';

export const BEARER_AUTH = 'jwt';

/** Any signed-in user (valid bearer token). */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(JwtAuthGuard),
    ApiBearerAuth(BEARER_AUTH),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'AUTH.UNAUTHORIZED' }),
  );
}

/** A signed-in user holding one of `roles`, e.g. `@Roles('admin')`; others get 403 AUTH.FORBIDDEN. */
export function Roles(...roles: [UserRole, ...UserRole[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    Authenticated(),
    ApiForbiddenResponse({ type: ErrorBodyDto, description: `AUTH.FORBIDDEN unless ${roles.join(' or ')}` }),
  );
}
