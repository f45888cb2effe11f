import { DomainError } from '@app/common';

export const AuthErrors = {
  emailTaken: () =>
    new DomainError('AUTH.EMAIL_TAKEN', 'An account with this email already exists', 'conflict'),
  forbidden: () => new DomainError('AUTH.FORBIDDEN', 'Your role does not allow this action', 'forbidden'),
};
