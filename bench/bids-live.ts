/**
 * A socket.io watcher on the gateway's `/live` namespace: subscribes to the benchmark's lots and, for
 * every BidPlaced, records receipt time − data.placedAt (written by the lot service when it accepted the
 * bid), i.e. lot commit → outbox → Debezium → Kafka → gateway fan-out → WebSocket.
 */
import { io, Socket } from 'socket.io-client';

interface LivePayload {
  type?: string;
  data?: { lotId?: string; bidId?: string; placedAt?: string };
}

export interface Delivery {
  lotId: string;
  bidId: string;
  receivedAt: number;
  delayMs: number;
}

export class LiveWatcher {
  readonly deliveries: Delivery[] = [];
  private socket?: Socket;

  async connect(gatewayUrl: string, lotIds: string[]): Promise<void> {
    const socket = io(`${gatewayUrl}/live`, { transports: ['websocket'], reconnection: true });
    this.socket = socket;
    socket.on('BidPlaced', (payload: LivePayload) => this.onBidPlaced(payload));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const lotId of lotIds) {
      const ack = (await socket.timeout(10_000).emitWithAck('subscribe', { lotId })) as {
        ok?: boolean;
        message?: string;
      };
      if (!ack.ok) throw new Error(`subscribe ${lotId}: ${ack.message ?? 'refused'}`);
    }
  }

  seen(bidId: string): boolean {
    return this.deliveries.some((d) => d.bidId === bidId);
  }

  between(from: number, to: number): Delivery[] {
    return this.deliveries.filter((d) => d.receivedAt >= from && d.receivedAt < to);
  }

  /** Resolves once no BidPlaced arrived for `quietMs` (or `timeoutMs` passed); the seconds it took. */
  async quiet(quietMs: number, timeoutMs: number): Promise<number> {
    const start = Date.now();
    const last = (): number => this.deliveries[this.deliveries.length - 1]?.receivedAt ?? 0;
    while (Date.now() - last() < quietMs && Date.now() - start < timeoutMs) {
      await new Promise((r) => setTimeout(r, 200));
    }
    return (Date.now() - start) / 1000;
  }

  close(): void {
    this.socket?.disconnect();
  }

  private onBidPlaced(payload: LivePayload): void {
    const receivedAt = Date.now();
    const placedAt = Date.parse(payload.data?.placedAt ?? '');
    if (!payload.data?.lotId || !payload.data.bidId || Number.isNaN(placedAt)) return;
    this.deliveries.push({
      lotId: payload.data.lotId,
      bidId: payload.data.bidId,
      receivedAt,
      delayMs: receivedAt - placedAt,
    });
  }
}
