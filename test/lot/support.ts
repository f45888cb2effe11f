import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AcceptBidData, CommandMetadata, SagaReply, Topics } from '@app/contracts';
import { uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

export const seller = (id = uniqueId('seller')) => ({ 'x-gavel-user-id': id, 'x-gavel-role': 'seller' });

export const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();

export function lotBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Brass lamp',
    description: 'An old brass lamp',
    sku: uniqueId('sku'),
    startPrice: '1000',
    increment: { kind: 'absolute', value: '100' },
    endsAt: inSeconds(3600),
    ...over,
  };
}

export interface CreatedLot {
  id: string;
  sellerId: string;
  [k: string]: unknown;
}

export async function createLot(
  app: INestApplication,
  over: Record<string, unknown> = {},
  sellerId = uniqueId('seller'),
): Promise<CreatedLot> {
  const res = await request(app.getHttpServer())
    .post('/lots')
    .set(seller(sellerId))
    .send(lotBody(over))
    .expect(201);
  return res.body as CreatedLot;
}

export interface SentBid {
  metadata: CommandMetadata;
  data: AcceptBidData;
}

/** Produces `lot.acceptBid` to `lot.commands` exactly as the orchestrator does. */
export async function sendBids(bids: Omit<AcceptBidData, 'bidId' | 'holdId'>[]): Promise<SentBid[]> {
  const sent = bids.map((b) => ({
    data: { ...b, bidId: randomUUID(), holdId: uniqueId('hold') } as AcceptBidData,
    metadata: {
      commandId: randomUUID(),
      sagaId: uniqueId('bid-saga'),
      sagaType: 'PlaceBid',
      step: 'acceptBid',
      phase: 'forward',
      attempt: 1,
    } as CommandMetadata,
  }));
  await produceRaw(
    Topics.commands('lot'),
    sent.map((s) => ({
      key: s.metadata.sagaId,
      value: JSON.stringify({ type: 'lot.acceptBid', ...s }),
      headers: { 'message-id': randomUUID() },
    })),
  );
  return sent;
}

export function replyTo(replies: KafkaTap, commandId: string): Promise<SagaReply> {
  return waitFor(`reply to ${commandId}`, async () =>
    replies.records.map((r) => r.value as SagaReply).find((v) => v?.metadata?.commandId === commandId),
  );
}

export type LotEventRecord = { type: string; data: Record<string, unknown> };

export const lotEvents = (tap: KafkaTap, lotId: string, type?: string): LotEventRecord[] =>
  tap
    .byKey(lotId)
    .map((r) => r.value as LotEventRecord)
    .filter((e) => type === undefined || e.type === type);

export function lotEvent(
  tap: KafkaTap,
  lotId: string,
  type: string,
  timeoutMs = 30_000,
): Promise<LotEventRecord> {
  return waitFor(`${type} of ${lotId}`, async () => lotEvents(tap, lotId, type)[0], timeoutMs);
}

/** Produces `lot.grantAllowance` as the BidAllowance saga does (the wallet already holds `amount`). */
export async function grantAllowance(a: {
  lotId: string;
  bidderId: string;
  amount: string;
  keepWhenOutbid?: boolean;
  holdId?: string;
}): Promise<{ commandId: string; holdId: string }> {
  const holdId = a.holdId ?? randomUUID();
  const metadata = {
    commandId: randomUUID(),
    sagaId: uniqueId('allowance-saga'),
    sagaType: 'BidAllowance',
    step: 'grantAllowance',
    phase: 'forward',
    attempt: 1,
  } as CommandMetadata;
  await produceRaw(Topics.commands('lot'), [
    {
      key: metadata.sagaId,
      value: JSON.stringify({ type: 'lot.grantAllowance', data: { ...a, holdId }, metadata }),
      headers: { 'message-id': randomUUID() },
    },
  ]);
  return { commandId: metadata.commandId, holdId };
}
