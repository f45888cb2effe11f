/** What the live WebSocket forwards, and to whom. Pure: the consumer decodes, the gateway emits. */
import type { LotEvent } from '@app/contracts';

export const NOTIFICATION_EVENTS_TOPIC = 'notification.events';
export const LIVE_NAMESPACE = '/live';

export const lotRoom = (lotId: string): string => `lot:${lotId}`;
export const userRoom = (userId: string): string => `user:${userId}`;

/** Each emitted payload: the event type and data, plus where it sits in Kafka. */
export interface LivePayload {
  type: string;
  data: unknown;
  topic: string;
  partition: number;
  offset: string;
  /** Kafka record time, ISO 8601. */
  time: string;
}

export interface LiveDelivery {
  room: string;
  /** The socket.io event name. */
  event: string;
}

const LOT_ROOM_EVENTS: readonly string[] = [
  'BidPlaced',
  'AuctionExtended',
  'AuctionClosed',
  'LotSaleFailed',
  'SecondChanceOffered',
  // Not SecondChanceAccepted: it carries the runner-up's delivery address.
  'SecondChanceEnded',
] satisfies LotEvent['type'][];

const stringField = (data: unknown, name: string): string | undefined => {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/** Where a decoded event goes: lot events to the lot's room, Outbid and notifications to one user. */
export function routeLiveEvent(topic: string, type: string, data: unknown): LiveDelivery | undefined {
  if (topic === NOTIFICATION_EVENTS_TOPIC) {
    const userId = type === 'NotificationCreated' ? stringField(data, 'userId') : undefined;
    return userId ? { room: userRoom(userId), event: 'notification' } : undefined;
  }
  if (type === 'Outbid') {
    const userId = stringField(data, 'userId');
    return userId ? { room: userRoom(userId), event: type } : undefined;
  }
  if (LOT_ROOM_EVENTS.includes(type)) {
    const lotId = stringField(data, 'lotId');
    return lotId ? { room: lotRoom(lotId), event: type } : undefined;
  }
  return undefined;
}
