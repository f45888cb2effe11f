/**
 * The platform's fee on a sale: `GAVEL_PLATFORM_FEE_BPS`, basis points of the price (500 = 5 %), 0 to
 * 10 000. The orchestrator states it in each order when the order starts; the wallet applies the rate an
 * order states (its own setting only for a payout that states none). How a fee is rounded is the wallet's.
 */
import { MAX_FEE_BPS } from '@app/contracts';

export const DEFAULT_PLATFORM_FEE_BPS = 500;

/** The configured rate; a value that is not a whole number of basis points in range fails at start. */
export function platformFeeBps(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GAVEL_PLATFORM_FEE_BPS;
  const bps = raw === undefined || raw.trim() === '' ? DEFAULT_PLATFORM_FEE_BPS : Number(raw);
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_FEE_BPS)
    throw new Error(`GAVEL_PLATFORM_FEE_BPS must be 0 to ${MAX_FEE_BPS}, got "${raw}"`);
  return bps;
}
