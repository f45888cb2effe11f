import { Matches } from 'class-validator';

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class UserIdParam {
  @Matches(USER_ID_PATTERN, { message: 'userId must be 1-64 characters of letters, digits, _ or -' })
  userId: string;
}
