import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { HoldPlacedData, OrderSagaMessages, PlaceHoldData, PlaceHoldSchema } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { coveredByDeposits, decidePlaceHold, HoldFailureCodes } from '../../domain/hold';
import { causedBy, evolveFunds, JournalEntry } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { OnChainValue } from '../on-chain-value/on-chain-value.service';

const { holdPlaced, holdRejected } = OrderSagaMessages.wallet;

/**
 * wallet.placeHold: reserves `amount` of the user's spendable balance (deposits + verified on-chain
 * value − active holds), or rejects the command. The Ethereum node is asked only when the deposits
 * alone fall short and the user has linked addresses, so a down node never affects bids covered by
 * deposits; when it is needed and down, the hold is rejected fast with WALLET.CHAIN_UNAVAILABLE.
 * Ledger: `hold_placed`, available → held.
 */
@Injectable()
export class PlaceHoldHandler implements CommandHandler<PlaceHoldData> {
  readonly schema = PlaceHoldSchema;
  readonly refusedReplyType = holdRejected;

  constructor(private readonly onChainValue: OnChainValue) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<PlaceHoldData>,
  ): Promise<ParticipantReply> {
    const amount = BigInt(data.amount);
    const funds = await FundsRepository.lockFunds(manager, data.userId);
    const onChain =
      funds && !coveredByDeposits(funds, amount)
        ? await this.onChainValue.of(manager, data.userId)
        : undefined;
    if (onChain?.kind === 'unavailable') {
      const reason = `deposits do not cover ${amount} and the linked addresses' balance cannot be read: ${onChain.reason}`;
      return failureReply(holdRejected, { code: HoldFailureCodes.chainUnavailable, reason });
    }
    const decision = decidePlaceHold(funds, amount, onChain?.kind === 'known' ? onChain.minor : 0n);
    if (decision.kind === 'rejected') {
      return failureReply(holdRejected, decision);
    }
    const holdId = randomUUID();
    await FundsRepository.insertHold(manager, {
      id: holdId,
      userId: data.userId,
      amount,
      reference: data.reference,
      commandId: metadata.commandId,
    });
    await LedgerRepository.post(manager, {
      kind: 'hold_placed',
      ...causedBy(metadata),
      reference: data.reference,
      details: { holdId },
      postings: PostingRules.holdPlaced(data.userId, amount),
    });
    const reply: HoldPlacedData = { holdId };
    return { type: holdPlaced, outcome: 'success', data: reply };
  }

  /**
   * Many holds in three statements: the accounts are locked together (user id order), each command is
   * decided in turn against its account's balances as the earlier ones left them, and the holds and
   * their journal entries are written together. A command the deposits do not cover (it may need the
   * chain, or be rejected) or without a wallet is handled alone afterwards, against what the batch left.
   */
  async handleMany(
    manager: EntityManager,
    commands: ParticipantCommand<PlaceHoldData>[],
  ): Promise<ParticipantReply[]> {
    const funds = await FundsRepository.lockAccounts(
      manager,
      commands.map((c) => c.data.userId),
    );
    const answers: ParticipantReply[] = [];
    const holds: Parameters<typeof FundsRepository.insertHolds>[1][number][] = [];
    const entries: JournalEntry[] = [];
    const alone: number[] = [];
    commands.forEach(({ data, metadata }, i) => {
      const amount = BigInt(data.amount);
      const account = funds.get(data.userId);
      if (!account || !coveredByDeposits(account, amount)) return void alone.push(i);
      const decision = decidePlaceHold(account, amount);
      if (decision.kind === 'rejected') return void (answers[i] = failureReply(holdRejected, decision));
      const holdId = randomUUID();
      const postings = PostingRules.holdPlaced(data.userId, amount);
      funds.set(data.userId, evolveFunds(account, data.userId, postings));
      holds.push({
        id: holdId,
        userId: data.userId,
        amount,
        reference: data.reference,
        commandId: metadata.commandId,
      });
      entries.push({
        kind: 'hold_placed',
        ...causedBy(metadata),
        reference: data.reference,
        details: { holdId },
        postings,
      });
      answers[i] = { type: holdPlaced, outcome: 'success', data: { holdId } satisfies HoldPlacedData };
    });
    await FundsRepository.insertHolds(manager, holds);
    await LedgerRepository.postMany(manager, entries);
    for (const i of alone) answers[i] = await this.handle(manager, commands[i]);
    return answers;
  }
}
