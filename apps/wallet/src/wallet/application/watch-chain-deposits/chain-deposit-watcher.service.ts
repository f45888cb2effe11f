import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHAIN_BLOCKS, ChainBlocksPort } from '../../domain/chain-blocks.port';
import { CHAIN_CONFIG, ChainConfig } from '../../infrastructure/chain.config';
import {
  chainCursorBlock,
  chainDepositLag,
  chainDepositMinorCredited,
  chainDepositsCredited,
  chainHeadBlock,
  chainReorgs,
  chainWatcherFailures,
} from '../../infrastructure/chain/chain-deposit.metrics';
import { ChainDepositScanner, ScanOutcome } from './chain-deposit-scanner';

/** The first retry after a failure; doubling up to GAVEL_CHAIN_MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 1_000;

/**
 * Runs the deposit scanner in the wallet service: right away again while confirmed blocks are left, every
 * GAVEL_CHAIN_POLL_MS once caught up, and with a doubling back-off while the node (or the database) fails.
 * Every replica runs one; the cursor's row lock lets one scan at a time. GAVEL_CHAIN_WATCHER=off idles it.
 */
@Injectable()
export class ChainDepositWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChainDepositWatcher.name);
  private readonly scanner: ChainDepositScanner;
  private readonly chainLabel: { chain_id: string };
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;

  constructor(
    dataSource: DataSource,
    @Inject(CHAIN_BLOCKS) chain: ChainBlocksPort,
    @Inject(CHAIN_CONFIG) private readonly config: ChainConfig,
  ) {
    this.scanner = new ChainDepositScanner(dataSource, chain, config.chainId, config.deposits);
    this.chainLabel = { chain_id: String(config.chainId) };
  }

  onApplicationBootstrap(): void {
    const d = this.config.deposits;
    if (!d.mnemonic)
      this.logger.warn(
        'GAVEL_CHAIN_MNEMONIC is not set: no deposit addresses are handed out (watching the ones there are)',
      );
    if (!d.watcher) {
      this.logger.log('GAVEL_CHAIN_WATCHER=off: this replica does not scan for chain deposits');
      return;
    }
    this.logger.log({
      message: 'watching the chain for deposits',
      chainId: this.config.chainId,
      confirmations: d.confirmations,
      weiPerMinorUnit: d.weiPerMinorUnit.toString(),
      pollMs: d.pollMs,
    });
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.config.deposits.pollMs;
      try {
        const outcome = await this.scanner.scanOnce();
        this.failures = 0;
        this.observe(outcome);
        // more confirmed blocks are waiting: go on at once
        if ((outcome.kind === 'scanned' && outcome.lag > 0) || outcome.kind === 'rewound') delay = 0;
      } catch (e) {
        this.failures += 1;
        chainWatcherFailures.inc(this.chainLabel);
        delay = Math.min(
          FIRST_BACKOFF_MS * 2 ** Math.min(this.failures - 1, 20),
          this.config.deposits.maxBackoffMs,
        );
        this.logger.warn({
          message: 'scanning the chain for deposits failed; retrying',
          error: (e as Error).message,
          failures: this.failures,
          retryInMs: delay,
        });
      }
      await this.sleep(delay);
    }
  }

  private observe(outcome: ScanOutcome): void {
    if (outcome.kind === 'busy') return;
    chainHeadBlock.set(this.chainLabel, outcome.head);
    chainCursorBlock.set(this.chainLabel, outcome.cursor);
    switch (outcome.kind) {
      case 'started':
        this.logger.log({
          message: 'deposit cursor created',
          chainId: this.config.chainId,
          cursor: outcome.cursor,
        });
        return;
      case 'idle':
        chainDepositLag.set(this.chainLabel, outcome.lag);
        if (outcome.head < outcome.cursor)
          this.logger.warn({
            message:
              'the node reports a head below the deposit cursor (a node still syncing, or a chain that was reset)',
            head: outcome.head,
            cursor: outcome.cursor,
          });
        return;
      case 'scanned':
        chainDepositLag.set(this.chainLabel, outcome.lag);
        for (const c of outcome.credited) {
          chainDepositsCredited.inc({ ...this.chainLabel, outcome: 'credited' });
          chainDepositMinorCredited.inc(this.chainLabel, Number(c.amount));
          this.logger.log({ message: 'chain deposit credited', ...c, amount: c.amount.toString() });
        }
        if (outcome.dust > 0)
          chainDepositsCredited.inc({ ...this.chainLabel, outcome: 'dust' }, outcome.dust);
        return;
      case 'rewound':
        chainReorgs.inc(this.chainLabel);
        this.logger.error({
          message:
            'the chain changed below the deposit cursor (a reorganisation deeper than the confirmations): ' +
            'scanning again from an earlier block; deposits already credited are not reversed, check them',
          from: outcome.from,
          cursor: outcome.cursor,
          head: outcome.head,
        });
        return;
      default: {
        const unknown: never = outcome;
        throw new Error(`unknown scan outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Waits `ms`, or less when the module stops (onModuleDestroy calls `wake`). */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
