import { useEffect, useRef } from 'react';
import { io, Socket } from 'socket.io-client';
import { session } from './api';

/** One live event as the gateway's /live namespace emits it. */
export interface LiveEvent<T> {
  type: string;
  data: T;
}

export type LiveHandlers = Record<string, (event: LiveEvent<Record<string, unknown>>) => void>;

/**
 * Joins the lot's room on the gateway's socket.io namespace /live (with the JWT, so the user's own
 * Outbid events arrive too) and re-subscribes after every reconnect.
 */
export function useLiveLot(
  lotId: string,
  handlers: LiveHandlers,
  onConnection: (connected: boolean) => void,
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const connection = useRef(onConnection);
  connection.current = onConnection;

  useEffect(() => {
    const token = session.token();
    const socket: Socket = io('/live', { transports: ['websocket'], auth: token ? { token } : {} });
    socket.on('connect', () => {
      socket.emit('subscribe', { lotId }, () => connection.current(true));
    });
    socket.on('disconnect', () => connection.current(false));
    const names = [
      'BidPlaced',
      'AuctionExtended',
      'AuctionClosed',
      'Outbid',
      'LotSaleFailed',
      'SecondChanceOffered',
      'SecondChanceEnded',
    ];
    for (const name of names) {
      socket.on(name, (event: LiveEvent<Record<string, unknown>>) => latest.current[name]?.(event));
    }
    return () => {
      socket.disconnect();
    };
  }, [lotId]);
}
