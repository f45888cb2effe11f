import type { UserRole } from '@app/contracts';
import { AuthUser, primaryRole } from '../auth/domain/user';

/** The identity the gateway vouches for when it calls an internal service. */
export function callerOf(user: AuthUser, role?: UserRole): { userId: string; role: UserRole } {
  return { userId: user.userId, role: role ?? primaryRole(user.roles) };
}
