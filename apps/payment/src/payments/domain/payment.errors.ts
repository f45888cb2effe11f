import { DomainError } from '@app/common';

export const PaymentErrors = {
  notFound: (id: string) => new DomainError('PAYMENT.NOT_FOUND', `No payment ${id}`, 'not_found'),
};
