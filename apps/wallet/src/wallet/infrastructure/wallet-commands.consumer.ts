import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { OrderSagaMessages, WithdrawalSagaMessages as W } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { CaptureHoldHandler } from '../application/capture-hold/capture-hold.handler';
import { ConfirmHoldHandler } from '../application/confirm-hold/confirm-hold.handler';
import { PlaceHoldHandler } from '../application/place-hold/place-hold.handler';
import { RefundEscrowHandler } from '../application/refund-escrow/refund-escrow.handler';
import { ReleaseEscrowToSellerHandler } from '../application/release-escrow-to-seller/release-escrow-to-seller.handler';
import { ReleaseHoldHandler } from '../application/release-hold/release-hold.handler';
import { ReverseEscrowReleaseHandler } from '../application/reverse-escrow-release/reverse-escrow-release.handler';
import { ReverseSettlementHandler } from '../application/reverse-settlement/reverse-settlement.handler';
import { SettleOrderHandler } from '../application/settle-order/settle-order.handler';
import { ConfirmWithdrawalHandler } from '../application/confirm-withdrawal/confirm-withdrawal.handler';
import { HoldWithdrawalHandler } from '../application/hold-withdrawal/hold-withdrawal.handler';
import { ReleaseWithdrawalHandler } from '../application/release-withdrawal/release-withdrawal.handler';
import { SendWithdrawalHandler } from '../application/send-withdrawal/send-withdrawal.handler';
import { SettleWithdrawalHandler } from '../application/settle-withdrawal/settle-withdrawal.handler';

export const WALLET_PARTICIPANT = 'wallet';

/** The Withdrawal saga's steps, one provider so the consumer's constructor stays short. */
@Injectable()
export class WithdrawalHandlers {
  constructor(
    readonly hold: HoldWithdrawalHandler,
    readonly release: ReleaseWithdrawalHandler,
    readonly send: SendWithdrawalHandler,
    readonly confirm: ConfirmWithdrawalHandler,
    readonly settle: SettleWithdrawalHandler,
  ) {}
}

/** Escrow's steps: the payout and the refund, and Order v3's settlement that makes both in one. */
@Injectable()
export class EscrowHandlers {
  constructor(
    readonly release: ReleaseEscrowToSellerHandler,
    readonly reverseRelease: ReverseEscrowReleaseHandler,
    readonly refund: RefundEscrowHandler,
    readonly settle: SettleOrderHandler,
    readonly reverseSettlement: ReverseSettlementHandler,
  ) {}
}

/**
 * The wallet as a saga participant: consumes `wallet.commands`, replies on `orchestrator.replies`.
 * GAVEL_COMMAND_TOPIC_PREFIX (default empty, as in the orchestrator) isolates the command topic and
 * consumer group, e.g. for test runs on a shared cluster.
 */
@Injectable()
export class WalletCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly consumer: CommandConsumer;

  constructor(
    dataSource: DataSource,
    placeHold: PlaceHoldHandler,
    releaseHold: ReleaseHoldHandler,
    captureHold: CaptureHoldHandler,
    confirmHold: ConfirmHoldHandler,
    escrow: EscrowHandlers,
    withdrawals: WithdrawalHandlers,
  ) {
    this.kafka = createKafka('wallet-commands');
    this.consumer = new CommandConsumer(this.kafka, dataSource, {
      participant: `${process.env.GAVEL_COMMAND_TOPIC_PREFIX ?? ''}${WALLET_PARTICIPANT}`,
      handlers: {
        [OrderSagaMessages.wallet.placeHold]: placeHold,
        [OrderSagaMessages.wallet.releaseHold]: releaseHold,
        [OrderSagaMessages.wallet.captureHold]: captureHold,
        [OrderSagaMessages.wallet.confirmHold]: confirmHold,
        [OrderSagaMessages.wallet.releaseEscrowToSeller]: escrow.release,
        [OrderSagaMessages.wallet.reverseEscrowRelease]: escrow.reverseRelease,
        [OrderSagaMessages.wallet.refundEscrow]: escrow.refund,
        [OrderSagaMessages.wallet.settleOrder]: escrow.settle,
        [OrderSagaMessages.wallet.reverseSettlement]: escrow.reverseSettlement,
        [W.holdWithdrawal]: withdrawals.hold,
        [W.releaseWithdrawal]: withdrawals.release,
        [W.sendWithdrawal]: withdrawals.send,
        [W.confirmWithdrawal]: withdrawals.confirm,
        [W.settleWithdrawal]: withdrawals.settle,
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
