import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHAIN_TRANSFER, ChainTransferPort } from '../../domain/chain-transfer.port';
import { CHAIN_CONFIG, ChainConfig } from '../chain.config';
import { JsonRpcClient } from './json-rpc.client';

const ETH = 10n ** 18n;
/** Below this the hot wallet is topped up ... */
export const DEV_LOW_WATER = 10n * ETH;
/** ... with this much. */
export const DEV_FUNDING = 100n * ETH;
const RETRY_MS = 15_000;
const MAX_TRIES = 20;

/**
 * Development only (GAVEL_CHAIN_DEV_FUNDING, on by default on chain 1337 outside production, refused on
 * any other chain): the hot wallet of a fresh mnemonic has no ether, so at start the wallet sends it
 * 100 ETH from the dev node's unlocked account 0 (ganache's deterministic accounts) when it holds less
 * than 10 ETH. The node may come up later: tried again every 15 s, 20 times. Never blocks the start.
 */
@Injectable()
export class HotWalletDevFunding implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HotWalletDevFunding.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(CHAIN_CONFIG) private readonly config: ChainConfig,
    @Inject(CHAIN_TRANSFER) private readonly chain: ChainTransferPort,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.devFunding || !this.chain.enabled) return;
    this.attempt(1);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  private attempt(n: number): void {
    this.fund().catch((e: Error) => {
      this.logger.warn({ message: 'dev funding of the hot wallet failed', attempt: n, error: e.message });
      if (n >= MAX_TRIES) return;
      this.timer = setTimeout(() => this.attempt(n + 1), RETRY_MS);
      this.timer.unref();
    });
  }

  async fund(): Promise<void> {
    const rpc = new JsonRpcClient(this.config.rpcUrl, Math.max(this.config.timeoutMs, 5_000));
    const hot = this.chain.hotWalletAddress();
    const balance = BigInt(await rpc.call<string>('eth_getBalance', [hot, 'latest']));
    if (balance >= DEV_LOW_WATER) return;
    const [funder] = await rpc.call<string[]>('eth_accounts', []);
    if (!funder) throw new Error('the dev node has no unlocked account to fund the hot wallet from');
    const hash = await rpc.call<string>('eth_sendTransaction', [
      { from: funder, to: hot, value: `0x${DEV_FUNDING.toString(16)}` },
    ]);
    this.logger.log({
      message: 'dev funding: sent 100 ETH to the hot wallet',
      hotWallet: hot,
      from: funder,
      hash,
    });
  }
}
