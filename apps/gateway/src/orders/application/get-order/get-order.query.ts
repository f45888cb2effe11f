import type { AuthUser } from '../../../auth/domain/user';

export class GetOrderQuery {
  constructor(
    readonly caller: AuthUser,
    readonly orderId: string,
  ) {}
}
