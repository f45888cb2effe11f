import type { Request } from 'express';
import type { AuthUser } from '../domain/user';

/** A request after JwtAuthGuard: carries the verified caller. */
export interface AuthenticatedRequest extends Request {
  gavelUser?: AuthUser;
}
