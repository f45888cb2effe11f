import { intEnv } from '@app/common';
import { Mnemonic } from 'ethers';

/**
 * The Ethereum node, the conversion of on-chain value into the wallet's minor units, and withdrawals.
 *
 * GAVEL_ETH_RPC_URL            JSON-RPC node (default http://127.0.0.1:18545, the stack's ganache; required
 *                              when NODE_ENV=production, where a loopback default would never be right)
 * GAVEL_ETH_CHAIN_ID           the node's chain id (default 1337); fixed, so the provider never probes the network
 * GAVEL_ETH_TIMEOUT_MS         per-call timeout (default 1500): a bid needing the chain fails fast when the node hangs
 * GAVEL_ETH_BALANCE_TTL_MS     how long a balance is reused (default 5000) to keep bids fast
 * GAVEL_ETH_RETRY_AFTER_MS     after a failed call, calls fail at once for this long (default 1000)
 * GAVEL_CHAIN_WEI_PER_MINOR_UNIT  exchange rate, a positive integer (default 10^13 wei per cent: 1 ETH =
 *                              100,000 minor units = 1,000.00 USD), one rate for on-chain value, deposits and
 *                              withdrawals alike (stated on every credit); the older name GAVEL_WEI_PER_MINOR_UNIT
 *                              is read when it is unset. A fixed rate for local use; a real deployment would
 *                              read a price feed (an oracle) and apply a safety haircut.
 * GAVEL_CHAIN_CONFIRMATIONS    how deep a block must be before it counts, for deposits and withdrawals alike:
 *                              a deposit is credited, and a withdrawal's transaction settled, once its block has
 *                              this many confirmations (default 1, the block that mined it: right for the local
 *                              instant-mining ganache; on Ethereum mainnet use 12 or more, or 64+ to wait for
 *                              finality). 1 to 10,000.
 * GAVEL_CHAIN_MNEMONIC         the platform key (a BIP-39 phrase, a secret: never in the repository); the hot
 *                              wallet and the deposit addresses derive from it (chain/platform-keys.ts). Without
 *                              it deposit addresses are not handed out (503 WALLET.DEPOSITS_DISABLED) and
 *                              withdrawals are refused; the wallet still starts. The local stack generates one
 *                              into .gavel/secrets/chain-mnemonic (scripts/secrets.sh).
 *
 * Withdrawals (docs/money.md, "Withdrawals"):
 * GAVEL_CHAIN_DROP_AFTER_MS    a withdrawal's transaction still not mined this long after it was signed is
 *                              replaced (a 0-value self-transfer at its nonce) so that it can be declared
 *                              dropped (default 300000, 5 minutes)
 * GAVEL_CHAIN_DEV_FUNDING      `on` (default on chain id 1337 outside production) / `off`: at start, fund the
 *                              hot wallet from the dev node's unlocked account 0 when it runs low
 *
 * Deposits from the chain (docs/money.md, "Deposits from the chain"):
 * GAVEL_CHAIN_POLL_MS          how often the watcher looks for new blocks (default 2000)
 * GAVEL_CHAIN_SCAN_BLOCKS      blocks read per scan, each scan one transaction (default 50, 1 to 1,000)
 * GAVEL_CHAIN_START_BLOCK      where a new cursor starts: a block number, or `head` (default: the node's head
 *                              when the watcher first runs; nothing older can be a deposit to an address
 *                              handed out after it)
 * GAVEL_CHAIN_REORG_REWIND     blocks scanned again when the node's history changed below the cursor (default 64)
 * GAVEL_CHAIN_MAX_BACKOFF_MS   a failing node is retried after 1 s, doubling to this (default 30000)
 * GAVEL_CHAIN_WATCHER          `off` keeps this replica's watcher idle (default on; replicas share the work
 *                              safely anyway: one scans at a time)
 * Malformed values stop the service at start.
 */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  timeoutMs: number;
  balanceTtlMs: number;
  retryAfterMs: number;
  weiPerMinorUnit: bigint;
  /** GAVEL_CHAIN_MNEMONIC, checked; undefined when unset (no hot wallet, no deposit addresses). */
  mnemonic: string | undefined;
  /** GAVEL_CHAIN_CONFIRMATIONS: the depth at which a deposit is credited and a withdrawal settled. */
  confirmations: number;
  dropAfterMs: number;
  devFunding: boolean;
  deposits: DepositConfig;
}

/** The deposits' settings; `mnemonic`, `confirmations` and `weiPerMinorUnit` are the ChainConfig's own. */
export interface DepositConfig {
  mnemonic: string | undefined;
  confirmations: number;
  weiPerMinorUnit: bigint;
  pollMs: number;
  scanBlocks: number;
  /** undefined: the node's head when the cursor is created. */
  startBlock: number | undefined;
  reorgRewind: number;
  maxBackoffMs: number;
  watcher: boolean;
}

export const CHAIN_CONFIG = Symbol('ChainConfig');
export const DEFAULT_WEI_PER_MINOR_UNIT = 10n ** 13n;
/** The chain id of the local development node (ganache): the only one the hot wallet is funded on. */
export const DEV_CHAIN_ID = 1337;

const RATE = /^[1-9][0-9]{0,30}$/;

/** GAVEL_CHAIN_WEI_PER_MINOR_UNIT, else the older GAVEL_WEI_PER_MINOR_UNIT, else 10^13. */
function weiPerMinorUnit(): bigint {
  for (const name of ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', 'GAVEL_WEI_PER_MINOR_UNIT']) {
    const rate = process.env[name];
    if (rate === undefined || rate === '') continue;
    if (!RATE.test(rate))
      throw new Error(`${name} must be a positive integer (wei per minor unit), got "${rate}"`);
    return BigInt(rate);
  }
  return DEFAULT_WEI_PER_MINOR_UNIT;
}

export function chainConfig(): ChainConfig {
  const rate = weiPerMinorUnit();
  const confirmations = boundedInt('GAVEL_CHAIN_CONFIRMATIONS', 1, 1, 10_000);
  const mnemonic = platformMnemonicFromEnv();
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
    weiPerMinorUnit: rate,
    mnemonic,
    confirmations,
    dropAfterMs: boundedInt('GAVEL_CHAIN_DROP_AFTER_MS', 300_000, 1, 7 * 24 * 3_600_000),
    devFunding: funding === 'on',
    deposits: depositConfig(mnemonic, rate, confirmations),
  };
}

function depositConfig(
  mnemonic: string | undefined,
  weiPerMinorUnit: bigint,
  confirmations: number,
): DepositConfig {
  const start = process.env.GAVEL_CHAIN_START_BLOCK;
  if (start !== undefined && start !== '' && start !== 'head' && !/^(0|[1-9][0-9]{0,14})$/.test(start)) {
    throw new Error(`GAVEL_CHAIN_START_BLOCK must be a block number or "head", got "${start}"`);
  }
  const watcher = process.env.GAVEL_CHAIN_WATCHER ?? 'on';
  if (!['on', 'off', ''].includes(watcher)) {
    throw new Error(`GAVEL_CHAIN_WATCHER must be on or off, got "${watcher}"`);
  }
  return {
    mnemonic,
    confirmations,
    weiPerMinorUnit,
    pollMs: boundedInt('GAVEL_CHAIN_POLL_MS', 2_000, 50, 3_600_000),
    scanBlocks: boundedInt('GAVEL_CHAIN_SCAN_BLOCKS', 50, 1, 1_000),
    startBlock: start && start !== 'head' ? Number(start) : undefined,
    reorgRewind: boundedInt('GAVEL_CHAIN_REORG_REWIND', 64, 1, 100_000),
    maxBackoffMs: boundedInt('GAVEL_CHAIN_MAX_BACKOFF_MS', 30_000, 1_000, 3_600_000),
    watcher: watcher !== 'off',
  };
}

/** GAVEL_CHAIN_MNEMONIC, checked (words and checksum); undefined when unset. The phrase is never logged. */
export function platformMnemonicFromEnv(): string | undefined {
  const phrase = process.env.GAVEL_CHAIN_MNEMONIC?.trim().split(/\s+/).join(' ');
  if (!phrase) return undefined;
  if (!Mnemonic.isValidMnemonic(phrase)) {
    throw new Error('GAVEL_CHAIN_MNEMONIC is not a valid BIP-39 mnemonic (its words or checksum are wrong)');
  }
  return phrase;
}

function boundedInt(name: string, fallback: number, min: number, max: number): number {
  const value = intEnv(name, fallback);
  if (value < min || value > max) throw new Error(`${name} must be ${min} to ${max}, got ${value}`);
  return value;
}
