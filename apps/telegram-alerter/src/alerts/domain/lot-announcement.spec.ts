import { announcementText, openLotsText } from './lot-announcement';

const format = { publicUrl: 'https://gavel.example/', currency: 'USD' };
const lot = {
  lotId: 'lot 1',
  title: 'Old\n clock',
  startPrice: '123456',
  buyNowPrice: null,
  endsAt: new Date('2025-03-01T18:30:59Z'),
};

describe('lot announcements', () => {
  it('tells title, price, end time and link', () => {
    expect(announcementText(lot, format)).toBe(
      [
        'New lot: Old clock',
        'Starting price: 1234.56 USD',
        'Ends: 2025-03-01 18:30 UTC',
        'https://gavel.example/lots/lot%201',
      ].join('\n'),
    );
    expect(announcementText({ ...lot, buyNowPrice: '200000' }, format)).toContain('Buy now: 2000.00 USD');
  });

  it('lists open lots, or says there are none', () => {
    expect(openLotsText([], format)).toMatch(/^No open lots/);
    expect(openLotsText([lot], format)).toBe(
      'Open lots (1):\n1. Old clock: from 1234.56 USD, ends 2025-03-01 18:30 UTC\nhttps://gavel.example/lots/lot%201',
    );
  });
});
