import type { AuthUser } from '../../../auth/domain/user';

export class GetOrderQuery {
  constructor(
    readonly caller: AuthUser,
    readonly orderId: string,
    /** > 0: long poll, answered once the order is no longer PENDING or after this many ms. */
    readonly waitMs = 0,
  ) {}
}
