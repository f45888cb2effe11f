import { intEnv } from '@app/common';

/**
 * The Ethereum node, the conversion of on-chain value into the wallet's minor units, and withdrawals.
 *
 * GAVEL_ETH_RPC_URL            JSON-RPC node (default http://127.0.0.1:18545, the stack's ganache; required
 *                              when NODE_ENV=production, where a loopback default would never be right)
 * GAVEL_ETH_CHAIN_ID           the node's chain id (default 1337); fixed, so the provider never probes the network
 * GAVEL_ETH_TIMEOUT_MS         per-call timeout (default 1500): a bid needing the chain fails fast when the node hangs
 * GAVEL_ETH_BALANCE_TTL_MS     how long a balance is reused (default 5000) to keep bids fast
 * GAVEL_ETH_RETRY_AFTER_MS     after a failed call, calls fail at once for this long (default 1000)
 * GAVEL_CHAIN_WEI_PER_MINOR_UNIT  exchange rate (default 10^13 wei per cent: 1 ETH = 100,000 minor units
 *                              = 1,000.00 USD), for on-chain value, deposits and withdrawals alike; the
 *                              older name GAVEL_WEI_PER_MINOR_UNIT is read when it is unset. A fixed rate for
 *                              local use; a real deployment would read a price feed (an oracle) and apply
 *                              a safety haircut.
 * GAVEL_CHAIN_CONFIRMATIONS    how deep a withdrawal's transaction must be before it counts (default 1: the
 *                              block that mined it; a public chain wants more, e.g. 12)
 * GAVEL_CHAIN_DROP_AFTER_MS    a withdrawal's transaction still not mined this long after it was signed is
 *                              replaced (a 0-value self-transfer at its nonce) so that it can be declared
 *                              dropped (default 300000, 5 minutes)
 * GAVEL_CHAIN_DEV_FUNDING      `on` (default on chain id 1337 outside production) / `off`: at start, fund the
 *                              hot wallet from the dev node's unlocked account 0 when it runs low
 * Malformed values stop the service at start.
 */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  timeoutMs: number;
  balanceTtlMs: number;
  retryAfterMs: number;
  weiPerMinorUnit: bigint;
  confirmations: number;
  dropAfterMs: number;
  devFunding: boolean;
}

export const CHAIN_CONFIG = Symbol('ChainConfig');
export const DEFAULT_WEI_PER_MINOR_UNIT = 10n ** 13n;
/** The chain id of the local development node (ganache): the only one the hot wallet is funded on. */
export const DEV_CHAIN_ID = 1337;

function weiPerMinorUnit(): bigint {
  for (const name of ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', 'GAVEL_WEI_PER_MINOR_UNIT']) {
    const rate = process.env[name];
    if (rate === undefined || rate === '') continue;
    if (!/^[1-9][0-9]{0,30}$/.test(rate))
      throw new Error(`${name} must be a positive integer, got "${rate}"`);
    return BigInt(rate);
  }
  return DEFAULT_WEI_PER_MINOR_UNIT;
}

function positiveIntEnv(name: string, fallback: number, max: number): number {
  const value = intEnv(name, fallback);
  if (value < 1 || value > max) throw new Error(`${name} must be 1 to ${max}, got ${value}`);
  return value;
}

export function chainConfig(): ChainConfig {
  const rpcUrl = process.env.GAVEL_ETH_RPC_URL;
  const production = process.env.NODE_ENV === 'production';
  if (!rpcUrl && production) {
    throw new Error('GAVEL_ETH_RPC_URL is required in production (the Ethereum JSON-RPC node of the wallet)');
  }
  const chainId = intEnv('GAVEL_ETH_CHAIN_ID', DEV_CHAIN_ID);
  const funding =
    process.env.GAVEL_CHAIN_DEV_FUNDING || (chainId === DEV_CHAIN_ID && !production ? 'on' : 'off');
  if (funding !== 'on' && funding !== 'off')
    throw new Error(`GAVEL_CHAIN_DEV_FUNDING must be on or off, got "${funding}"`);
  if (funding === 'on' && chainId !== DEV_CHAIN_ID)
    throw new Error(`GAVEL_CHAIN_DEV_FUNDING=on needs the dev chain id ${DEV_CHAIN_ID}, got ${chainId}`);
  return {
    rpcUrl: rpcUrl || 'http://127.0.0.1:18545',
    chainId,
    timeoutMs: intEnv('GAVEL_ETH_TIMEOUT_MS', 1500),
    balanceTtlMs: intEnv('GAVEL_ETH_BALANCE_TTL_MS', 5000),
    retryAfterMs: intEnv('GAVEL_ETH_RETRY_AFTER_MS', 1000),
    weiPerMinorUnit: weiPerMinorUnit(),
    confirmations: positiveIntEnv('GAVEL_CHAIN_CONFIRMATIONS', 1, 1_000),
    dropAfterMs: positiveIntEnv('GAVEL_CHAIN_DROP_AFTER_MS', 300_000, 7 * 24 * 3_600_000),
    devFunding: funding === 'on',
  };
}
