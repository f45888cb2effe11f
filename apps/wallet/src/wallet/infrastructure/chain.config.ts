import { intEnv } from '@app/common';

/**
 * The Ethereum node and the conversion of on-chain value into the wallet's minor units.
 *
 * GAVEL_ETH_RPC_URL            JSON-RPC node (default http://127.0.0.1:18545, the stack's ganache; required
 *                              when NODE_ENV=production, where a loopback default would never be right)
 * GAVEL_ETH_CHAIN_ID           the node's chain id (default 1337); fixed, so the provider never probes the network
 * GAVEL_ETH_TIMEOUT_MS         per-call timeout (default 1500): a bid needing the chain fails fast when the node hangs
 * GAVEL_ETH_BALANCE_TTL_MS     how long a balance is reused (default 5000) to keep bids fast
 * GAVEL_ETH_RETRY_AFTER_MS     after a failed call, calls fail at once for this long (default 1000)
 * GAVEL_WEI_PER_MINOR_UNIT     exchange rate (default 10^13 wei per cent: 1 ETH = 100,000 minor units
 *                              = 1,000.00 USD). A fixed rate for local use; a real deployment would read
 *                              a price feed (e.g. an oracle) and apply a safety haircut.
 */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  timeoutMs: number;
  balanceTtlMs: number;
  retryAfterMs: number;
  weiPerMinorUnit: bigint;
}

export const CHAIN_CONFIG = Symbol('ChainConfig');
export const DEFAULT_WEI_PER_MINOR_UNIT = 10n ** 13n;

export function chainConfig(): ChainConfig {
  const rate = process.env.GAVEL_WEI_PER_MINOR_UNIT;
  if (rate !== undefined && rate !== '' && !/^[1-9][0-9]{0,30}$/.test(rate)) {
    throw new Error(`GAVEL_WEI_PER_MINOR_UNIT must be a positive integer, got "${rate}"`);
  }
  const rpcUrl = process.env.GAVEL_ETH_RPC_URL;
  if (!rpcUrl && process.env.NODE_ENV === 'production') {
    throw new Error('GAVEL_ETH_RPC_URL is required in production (the Ethereum JSON-RPC node of the wallet)');
  }
  return {
    rpcUrl: rpcUrl || 'http://127.0.0.1:18545',
    chainId: intEnv('GAVEL_ETH_CHAIN_ID', 1337),
    timeoutMs: intEnv('GAVEL_ETH_TIMEOUT_MS', 1500),
    balanceTtlMs: intEnv('GAVEL_ETH_BALANCE_TTL_MS', 5000),
    retryAfterMs: intEnv('GAVEL_ETH_RETRY_AFTER_MS', 1000),
    weiPerMinorUnit: rate ? BigInt(rate) : DEFAULT_WEI_PER_MINOR_UNIT,
  };
}
