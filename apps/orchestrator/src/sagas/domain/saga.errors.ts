import { DomainError } from '@app/common';

/** Engine ignore codes that already start with SAGA_ lose the prefix: SAGA_TERMINAL → SAGA.TERMINAL. */
const engineCode = (code: string): string => `SAGA.${code.replace(/^SAGA_/, '')}`;

export const SagaErrors = {
  notFound: (sagaId: string) => new DomainError('SAGA.NOT_FOUND', `No saga ${sagaId}`, 'not_found'),
  orderNotFound: (orderId: string) => new DomainError('ORDER.NOT_FOUND', `No order ${orderId}`, 'not_found'),
  /** The engine refused an operator action (or a start); `details.engineCode` is its raw code. */
  refused: (code: string, reason: string) =>
    new DomainError(engineCode(code), reason, 'conflict', { engineCode: code }),
  orderConflict: (orderId: string) =>
    new DomainError(
      'ORDER.ALREADY_EXISTS',
      `Order ${orderId} was already started with different data`,
      'conflict',
    ),
  buyerIsSeller: () =>
    new DomainError('ORDER.BUYER_IS_SELLER', 'A seller cannot buy their own item', 'unprocessable'),
  forbidden: () =>
    new DomainError('AUTH.FORBIDDEN', 'This endpoint is for operators (x-gavel-role: admin)', 'forbidden'),
};
