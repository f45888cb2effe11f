import type { AuthUser } from '../../../auth/domain/user';
import type { OrderView } from '@app/contracts';
import type { PlaceOrderRequestDto } from './place-order.request.dto';

export class PlaceOrderCommand {
  constructor(
    readonly buyer: AuthUser,
    readonly order: PlaceOrderRequestDto,
    readonly idempotencyKey: string | undefined,
  ) {}
}

/** Settled within the wait (COMPLETED or CANCELLED), or still running. */
export type PlaceOrderOutcome = { settled: true; order: OrderView } | { settled: false; orderId: string };
