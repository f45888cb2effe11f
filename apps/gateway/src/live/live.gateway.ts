import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/infrastructure/token.service';
import { LIVE_NAMESPACE, LiveDelivery, LivePayload, lotRoom, userRoom } from './live.events';

const LOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface LotSubscription {
  lotId?: unknown;
}

type Ack = { ok: true; room: string } | { ok: false; code: string; message: string };

/**
 * socket.io namespace `/live`. A client may authenticate with its JWT (`auth: { token }` in the
 * handshake) and then also receives its own Outbid and notification events; anonymous clients may
 * watch lots. `subscribe {lotId}` / `unsubscribe {lotId}` join and leave `lot:<lotId>`. A token that
 * does not verify is refused (connect_error AUTH.UNAUTHORIZED) rather than silently downgraded.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayConnection {
  private readonly logger = new Logger(LiveGateway.name);

  @WebSocketServer()
  private readonly server!: Namespace;

  constructor(private readonly tokens: TokenService) {}

  async handleConnection(client: Socket): Promise<void> {
    const auth = client.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token.replace(/^Bearer\s+/i, '') : undefined;
    if (!token) return;
    const user = await this.tokens.verify(token);
    if (!user) {
      client.emit('error', {
        code: 'AUTH.UNAUTHORIZED',
        message: 'Missing, expired or invalid access token',
      });
      client.disconnect(true);
      return;
    }
    client.data.userId = user.userId;
    await client.join(userRoom(user.userId));
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() client: Socket, @MessageBody() body: LotSubscription): Promise<Ack> {
    const lotId = this.lotId(body);
    if (!lotId)
      return { ok: false, code: 'REQUEST.INVALID', message: 'lotId must be 1-64 of A-Z a-z 0-9 _ -' };
    await client.join(lotRoom(lotId));
    return { ok: true, room: lotRoom(lotId) };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() client: Socket, @MessageBody() body: LotSubscription): Promise<Ack> {
    const lotId = this.lotId(body);
    if (!lotId)
      return { ok: false, code: 'REQUEST.INVALID', message: 'lotId must be 1-64 of A-Z a-z 0-9 _ -' };
    await client.leave(lotRoom(lotId));
    return { ok: true, room: lotRoom(lotId) };
  }

  /** Emits to a room; socket.io keeps the order of emits per socket, so partition order is kept. */
  emit(delivery: LiveDelivery, payload: LivePayload): void {
    if (!this.server) {
      this.logger.warn({ message: 'live event before the socket server started', event: delivery.event });
      return;
    }
    this.server.to(delivery.room).emit(delivery.event, payload);
  }

  private lotId(body: LotSubscription | undefined): string | undefined {
    const lotId = body?.lotId;
    return typeof lotId === 'string' && LOT_ID.test(lotId) ? lotId : undefined;
  }
}
