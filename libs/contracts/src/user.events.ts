/** Published by the gateway when a user registers (topic `user.events`, key = userId). */
export interface UserRegisteredData {
  userId: string;
  email: string;
  displayName: string;
  roles: UserRole[];
}

export type UserRole = 'buyer' | 'seller' | 'admin';

export type UserRegistered = { type: 'UserRegistered'; data: UserRegisteredData };

export const UserRegisteredSchema = {
  $id: 'user.UserRegistered.v1',
  type: 'object',
  required: ['userId', 'email', 'displayName', 'roles'],
  properties: {
    userId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    email: { type: 'string', minLength: 3, maxLength: 254 },
    displayName: { type: 'string', minLength: 1, maxLength: 100 },
    roles: { type: 'array', items: { enum: ['buyer', 'seller', 'admin'] }, minItems: 1 },
  },
} as const;
