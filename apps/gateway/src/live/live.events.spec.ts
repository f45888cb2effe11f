import { routeLiveEvent } from './live.events';

describe('routeLiveEvent', () => {
  it('sends lot events to the lot room', () => {
    for (const type of ['BidPlaced', 'AuctionExtended', 'AuctionClosed']) {
      expect(routeLiveEvent('lot.events', type, { lotId: 'L1' })).toEqual({ room: 'lot:L1', event: type });
    }
  });

  it('sends Outbid only to the outbid user and notifications to their user', () => {
    expect(routeLiveEvent('lot.events', 'Outbid', { lotId: 'L1', userId: 'u7' })).toEqual({
      room: 'user:u7',
      event: 'Outbid',
    });
    expect(
      routeLiveEvent('notification.events', 'NotificationCreated', { userId: 'u8', notification: {} }),
    ).toEqual({
      room: 'user:u8',
      event: 'notification',
    });
  });

  it('drops what nobody watches or cannot be routed', () => {
    expect(routeLiveEvent('lot.events', 'LotCreated', { lotId: 'L1' })).toBeUndefined();
    expect(routeLiveEvent('lot.events', 'BidPlaced', {})).toBeUndefined();
    expect(routeLiveEvent('lot.events', 'Outbid', { lotId: 'L1' })).toBeUndefined();
    expect(routeLiveEvent('notification.events', 'Other', { userId: 'u8' })).toBeUndefined();
  });
});
