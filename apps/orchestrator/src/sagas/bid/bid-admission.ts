import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { intEnv } from '@app/common';
import { BidErrors } from './bid.errors';
import { PLACE_BID_SAGA } from './place-bid.saga';

/** How long a count of the bids in flight is reused before it is taken again. */
const COUNT_TTL_MS = 100;
/**
 * Only bids started this recently count: the load now. A bid stuck for longer (its participant down,
 * retried until it answers) is the timers' business and must not block every new bid for good.
 */
const RECENT_S = 120;

/**
 * Load shedding for bids: a new PlaceBid saga is refused with 429 BID.OVERLOADED (Retry-After: 1)
 * while `GAVEL_BID_MAX_IN_FLIGHT` (default 64; 0 = no limit) PlaceBid sagas started in the last two
 * minutes are still running, across all orchestrator replicas (the count comes from the saga
 * projection). Past its capacity the pipeline would otherwise queue more work than it finishes: every
 * answer waits out the gateway's deadline and the bids that do get through fall (measured: 15
 * accepted bids/s at 10 connections, 7 at 100).
 * The limit is soft: concurrent starts may pass it by a few.
 */
@Injectable()
export class BidAdmission {
  private cached?: { at: number; inFlight: number };

  async admit(manager: Pick<EntityManager, 'query'>): Promise<void> {
    const max = intEnv('GAVEL_BID_MAX_IN_FLIGHT', 64);
    if (max <= 0) return;
    const inFlight = await this.inFlight(manager);
    if (inFlight >= max) throw BidErrors.overloaded(inFlight, max);
  }

  private async inFlight(manager: Pick<EntityManager, 'query'>): Promise<number> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < COUNT_TTL_MS) return this.cached.inFlight;
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM sagas
        WHERE type = $1 AND status IN ('RUNNING', 'COMPENSATING') AND created_at > now() - make_interval(secs => $2)`,
      [PLACE_BID_SAGA, RECENT_S],
    );
    this.cached = { at: now, inFlight: rows[0]?.n ?? 0 };
    return this.cached.inFlight;
  }
}
