import { Inject, Injectable } from '@nestjs/common';
import { TokenBucket } from '../domain/token-bucket';
import { TELEGRAM_CONFIG, TelegramConfig } from './telegram.config';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const PRUNE_ABOVE = 10_000;

/**
 * Every sendMessage of this process passes here: a global bucket (paced, capacity 1) and one bucket
 * per chat, plus the pause Telegram imposes with a 429. The limits hold per process, so one sender
 * replica should run (or the rates be divided among replicas).
 */
@Injectable()
export class SendRateLimiter {
  private readonly global: TokenBucket;
  private readonly chats = new Map<string, TokenBucket>();
  private pausedUntil = 0;
  private globalQueue: Promise<void> = Promise.resolve();

  constructor(@Inject(TELEGRAM_CONFIG) private readonly config: TelegramConfig) {
    this.global = new TokenBucket(config.globalPerSecond, 1, Date.now());
  }

  get chatIntervalMs(): number {
    return Math.ceil(1000 / this.config.chatPerSecond);
  }

  /** Nothing is sent before `until` (epoch ms). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  pauseRemainingMs(now = Date.now()): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** How long until this chat may receive a message (0: now). */
  chatWaitMs(chatId: string, now = Date.now()): number {
    return Math.max(this.pauseRemainingMs(now), this.chats.get(chatId)?.waitMs(now) ?? 0);
  }

  async waitWhilePaused(): Promise<void> {
    for (let wait = this.pauseRemainingMs(); wait > 0; wait = this.pauseRemainingMs()) await sleep(wait);
  }

  /** Waits until both buckets have a token and no pause holds, then takes both tokens. */
  async acquire(chatId: string): Promise<void> {
    for (;;) {
      const chatWait = this.chatWaitMs(chatId);
      if (chatWait > 0) await sleep(chatWait);
      await this.takeGlobal();
      const now = Date.now();
      // A 429 may have arrived while this caller queued: the global token is then simply wasted.
      if (this.pauseRemainingMs(now) === 0 && this.chatBucket(chatId, now).tryTake(now)) return;
    }
  }

  private takeGlobal(): Promise<void> {
    const turn = this.globalQueue.then(() => this.waitForGlobalToken());
    this.globalQueue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForGlobalToken(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const wait = Math.max(this.pauseRemainingMs(now), this.global.waitMs(now));
      if (wait === 0 && this.global.tryTake(now)) return;
      await sleep(Math.max(1, wait));
    }
  }

  private chatBucket(chatId: string, now: number): TokenBucket {
    let bucket = this.chats.get(chatId);
    if (!bucket) {
      if (this.chats.size >= PRUNE_ABOVE) this.prune(now);
      bucket = new TokenBucket(this.config.chatPerSecond, 1, now);
      this.chats.set(chatId, bucket);
    }
    return bucket;
  }

  private prune(now: number): void {
    for (const [chatId, bucket] of this.chats) if (bucket.isFull(now)) this.chats.delete(chatId);
  }
}
