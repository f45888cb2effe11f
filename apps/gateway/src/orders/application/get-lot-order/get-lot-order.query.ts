import type { AuthUser } from '../../../auth/domain/user';

/** The order of a sold lot, as its winner, its seller or an admin may read it. */
export class GetLotOrderQuery {
  constructor(
    readonly caller: AuthUser,
    readonly lotId: string,
  ) {}
}
