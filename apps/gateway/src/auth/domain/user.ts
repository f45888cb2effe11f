import type { UserRole } from '@app/contracts';

/** Roles a user may pick when registering; admins are only seeded by the operator. */
export const SELF_REGISTER_ROLES = ['buyer', 'seller'] as const satisfies readonly UserRole[];
export type SelfRegisterRole = (typeof SELF_REGISTER_ROLES)[number];
export const ALL_ROLES: readonly UserRole[] = ['buyer', 'seller', 'admin'];

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Who is calling, as carried by a verified access token. */
export interface AuthUser {
  userId: string;
  roles: UserRole[];
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/** The single role forwarded to internal services (`x-gavel-role`): the most privileged one. */
export function primaryRole(roles: readonly UserRole[]): UserRole {
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('seller')) return 'seller';
  return 'buyer';
}
