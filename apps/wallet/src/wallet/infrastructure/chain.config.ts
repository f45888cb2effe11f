import { intEnv } from '@app/common';
import { Mnemonic } from 'ethers';

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
 *
 * Deposits from the chain (docs/money.md, "Deposits from the chain"):
 * GAVEL_CHAIN_MNEMONIC         the platform key (a BIP-39 phrase, a secret: never in the repository). Deposit
 *                              addresses derive from it; without it deposit addresses are not handed out
 *                              (503 WALLET.DEPOSITS_DISABLED). The local stack generates one into
 *                              .gavel/secrets/chain-mnemonic (scripts/secrets.sh).
 * GAVEL_CHAIN_CONFIRMATIONS    a deposit is credited once its block has this many confirmations (default 1,
 *                              right for the local instant-mining ganache; on Ethereum mainnet use 12 or more,
 *                              or 64+ to wait for finality). 1 to 10,000.
 * GAVEL_CHAIN_WEI_PER_MINOR_UNIT  the rate deposits are credited at, a positive integer (default
 *                              GAVEL_WEI_PER_MINOR_UNIT, itself 10^13: 1 ETH = 100,000 cents); stated on every credit
 * GAVEL_CHAIN_POLL_MS          how often the watcher looks for new blocks (default 2000)
 * GAVEL_CHAIN_SCAN_BLOCKS      blocks read per scan, each scan one transaction (default 50, 1 to 1,000)
 * GAVEL_CHAIN_START_BLOCK      where a new cursor starts: a block number, or `head` (default: the node's head
 *                              when the watcher first runs; nothing older can be a deposit to an address
 *                              handed out after it)
 * GAVEL_CHAIN_REORG_REWIND     blocks scanned again when the node's history changed below the cursor (default 64)
 * GAVEL_CHAIN_MAX_BACKOFF_MS   a failing node is retried after 1 s, doubling to this (default 30000)
 * GAVEL_CHAIN_WATCHER          `off` keeps this replica's watcher idle (default on; replicas share the work
 *                              safely anyway: one scans at a time)
 */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  timeoutMs: number;
  balanceTtlMs: number;
  retryAfterMs: number;
  weiPerMinorUnit: bigint;
  deposits: DepositConfig;
}

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

const RATE = /^[1-9][0-9]{0,30}$/;

export function chainConfig(): ChainConfig {
  const rate = process.env.GAVEL_WEI_PER_MINOR_UNIT;
  if (rate !== undefined && rate !== '' && !RATE.test(rate)) {
    throw new Error(`GAVEL_WEI_PER_MINOR_UNIT must be a positive integer, got "${rate}"`);
  }
  const weiPerMinorUnit = rate ? BigInt(rate) : DEFAULT_WEI_PER_MINOR_UNIT;
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
    weiPerMinorUnit,
    deposits: depositConfig(weiPerMinorUnit),
  };
}

function depositConfig(defaultRate: bigint): DepositConfig {
  const rate = process.env.GAVEL_CHAIN_WEI_PER_MINOR_UNIT;
  if (rate !== undefined && rate !== '' && !RATE.test(rate)) {
    throw new Error(
      `GAVEL_CHAIN_WEI_PER_MINOR_UNIT must be a positive integer (wei per minor unit), got "${rate}"`,
    );
  }
  const start = process.env.GAVEL_CHAIN_START_BLOCK;
  if (start !== undefined && start !== '' && start !== 'head' && !/^(0|[1-9][0-9]{0,14})$/.test(start)) {
    throw new Error(`GAVEL_CHAIN_START_BLOCK must be a block number or "head", got "${start}"`);
  }
  const watcher = process.env.GAVEL_CHAIN_WATCHER ?? 'on';
  if (!['on', 'off', ''].includes(watcher)) {
    throw new Error(`GAVEL_CHAIN_WATCHER must be on or off, got "${watcher}"`);
  }
  return {
    mnemonic: platformMnemonicFromEnv(),
    confirmations: boundedInt('GAVEL_CHAIN_CONFIRMATIONS', 1, 1, 10_000),
    weiPerMinorUnit: rate ? BigInt(rate) : defaultRate,
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
