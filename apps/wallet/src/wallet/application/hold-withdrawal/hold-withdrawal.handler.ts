import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  HoldWithdrawalData,
  HoldWithdrawalSchema,
  WithdrawalHeldData,
  WithdrawalSagaMessages as W,
} from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { CHAIN_TRANSFER, ChainTransferPort } from '../../domain/chain-transfer.port';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { decideWithdrawalHold } from '../../domain/withdrawal';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { WithdrawalRepository } from '../../infrastructure/withdrawal.repository';

/**
 * wallet.holdWithdrawal (the Withdrawal saga's first step): the amount moves from its source (available
 * deposits, or a seller's proceeds) to held, under an ACTIVE hold `withdrawal:<id>` (ledger
 * `withdrawal_held`), and the withdrawal is recorded PENDING. Refused — and recorded FAILED, so the user
 * sees it — when the address is not the user's linked one, the source does not cover the amount, or no
 * hot wallet is configured. Compensation: wallet.releaseWithdrawal.
 */
@Injectable()
export class HoldWithdrawalHandler implements CommandHandler<HoldWithdrawalData> {
  readonly schema = HoldWithdrawalSchema;
  readonly refusedReplyType = W.withdrawalRefused;

  constructor(@Inject(CHAIN_TRANSFER) private readonly chain: ChainTransferPort) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<HoldWithdrawalData>,
  ): Promise<ParticipantReply> {
    const amount = BigInt(data.amount);
    const funds = await WithdrawalRepository.lockFunds(manager, data.userId);
    const linked =
      funds !== undefined && (await WithdrawalRepository.isLinked(manager, data.userId, data.toAddress));
    const decision = decideWithdrawalHold(funds, {
      amount,
      source: data.source,
      addressLinked: linked,
      hotWallet: this.chain.enabled,
    });
    const withdrawal = {
      id: data.withdrawalId,
      userId: data.userId,
      amount,
      currency: WALLET_CURRENCY,
      source: data.source,
      toAddress: data.toAddress,
      sagaId: metadata.sagaId,
      holdCommandId: metadata.commandId,
    };
    if (decision.kind === 'refused') {
      await WithdrawalRepository.insert(manager, {
        ...withdrawal,
        status: 'FAILED',
        failureCode: decision.code,
        failureReason: decision.reason,
      });
      return failureReply(W.withdrawalRefused, decision);
    }
    const holdId = randomUUID();
    const reference = `withdrawal:${data.withdrawalId}`;
    await FundsRepository.insertHold(manager, {
      id: holdId,
      userId: data.userId,
      amount,
      reference,
      commandId: metadata.commandId,
    });
    await LedgerRepository.post(manager, {
      kind: 'withdrawal_held',
      ...causedBy(metadata),
      reference,
      details: { withdrawalId: data.withdrawalId, holdId, source: data.source, toAddress: data.toAddress },
      postings: PostingRules.withdrawalHeld(data.userId, data.source, amount),
    });
    await WithdrawalRepository.insert(manager, { ...withdrawal, status: 'PENDING', holdId });
    const reply: WithdrawalHeldData = { withdrawalId: data.withdrawalId, holdId };
    return { type: W.withdrawalHeld, outcome: 'success', data: reply };
  }
}
