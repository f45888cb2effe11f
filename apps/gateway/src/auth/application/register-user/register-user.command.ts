import type { UserRole } from '@app/contracts';

export class RegisterUserCommand {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly displayName: string,
    readonly roles: UserRole[],
  ) {}
}

export interface RegisteredUser {
  userId: string;
  email: string;
  roles: UserRole[];
}
