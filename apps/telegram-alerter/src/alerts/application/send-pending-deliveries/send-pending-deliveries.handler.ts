import { Inject, Injectable, Logger } from '@nestjs/common';
import { planBroadcast } from '../../domain/broadcast-plan';
import { decideDelivery, DeliveryDecision } from '../../domain/delivery-policy';
import { announcementText } from '../../domain/lot-announcement';
import { ClaimedDelivery, DeliveryRepository } from '../../infrastructure/delivery.repository';
import { deliveryOutcomes } from '../../infrastructure/telegram.metrics';
import { SendRateLimiter } from '../../infrastructure/send-rate-limiter';
import { SubscriberRepository } from '../../infrastructure/subscriber.repository';
import { TELEGRAM_CONFIG, TelegramConfig } from '../../infrastructure/telegram.config';
import { TELEGRAM_GATEWAY, TelegramGateway } from '../telegram.gateway';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One round of the sender: claim due deliveries (at most one per chat, only chats whose rate allows
 * it), send each through the rate limiter, and record the result right after each API call.
 *
 * Exactly-once is as strong as Telegram allows: a row is marked SENT immediately after Telegram
 * accepts the message. A crash in the few milliseconds between that answer and the UPDATE leaves the
 * row PENDING under its lease, and it is sent again once the lease expires (one duplicate, for that
 * chat only). Telegram's API has no idempotency key that could close this window.
 */
@Injectable()
export class SendPendingDeliveriesHandler {
  private readonly logger = new Logger(SendPendingDeliveriesHandler.name);

  constructor(
    @Inject(TELEGRAM_CONFIG) private readonly config: TelegramConfig,
    @Inject(TELEGRAM_GATEWAY) private readonly telegram: TelegramGateway,
    private readonly deliveries: DeliveryRepository,
    private readonly subscribers: SubscriberRepository,
    private readonly limiter: SendRateLimiter,
  ) {}

  /** Returns how many deliveries this round claimed (0: nothing was due). */
  async execute(): Promise<number> {
    await this.limiter.waitWhilePaused();
    const claimedAt = Date.now();
    const batch = await this.deliveries.claim(
      this.config.batchSize * 4,
      this.config.claimLeaseMs,
      (candidates) =>
        planBroadcast(
          candidates,
          (chatId) => this.limiter.chatWaitMs(chatId),
          this.config.batchSize,
          this.limiter.chatIntervalMs,
        ),
    );
    const results = await Promise.allSettled(batch.map((d) => this.deliver(d, claimedAt)));
    for (const r of results) {
      if (r.status === 'rejected')
        this.logger.error({
          message: 'delivery not recorded; it is retried when its lease expires',
          error: String(r.reason),
        });
    }
    return batch.length;
  }

  private async deliver(d: ClaimedDelivery, claimedAt: number): Promise<void> {
    await this.limiter.acquire(d.chatId);
    // Past most of the lease another sender may already own the row: leave it to them (or to the next round).
    if (Date.now() - claimedAt > this.config.claimLeaseMs * 0.8) return;
    const outcome = await this.telegram.sendMessage(d.chatId, announcementText(d.lot, this.config.format));
    const decision = decideDelivery(outcome, d.attempts, Date.now(), this.config.retry);
    deliveryOutcomes.inc({ outcome: decision.kind });
    await this.apply(d, decision);
  }

  private async apply(d: ClaimedDelivery, decision: DeliveryDecision): Promise<void> {
    switch (decision.kind) {
      case 'mark_sent':
        return this.persistently(() => this.deliveries.markSent(d, decision.messageId));
      case 'pause':
        this.limiter.pause(decision.until);
        this.logger.warn({
          message: 'Telegram asked to slow down; sending paused',
          until: new Date(decision.until).toISOString(),
        });
        return this.deliveries.reschedule(d, decision.until, d.attempts, decision.reason);
      case 'forget_chat':
        this.logger.warn({
          message: 'chat unreachable; unsubscribed',
          chatId: d.chatId,
          reason: decision.reason,
        });
        await this.subscribers.deactivate(d.chatId, decision.reason);
        return;
      case 'retry':
        return this.deliveries.reschedule(d, decision.at, decision.attempts, decision.reason);
      case 'give_up':
        this.logger.error({
          message: 'delivery failed for good',
          lotId: d.lotId,
          chatId: d.chatId,
          reason: decision.reason,
        });
        return this.deliveries.fail(d, decision.attempts, decision.reason);
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Marking SENT is worth a few retries: if it never lands, the message is sent again after the lease. */
  private async persistently(write: () => Promise<void>, attempts = 5): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await write();
      } catch (e) {
        if (i >= attempts) throw e;
        await sleep(100 * 2 ** i);
      }
    }
  }
}
