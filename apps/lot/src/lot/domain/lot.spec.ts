import { DomainError } from '@app/common';
import { NewLotInput, toIncrement, validateNewLot } from './lot';
import { detectPhotoType } from './photo';

const now = new Date('2030-01-01T00:00:00Z');
const input = (over: Partial<NewLotInput> = {}): NewLotInput => ({
  startPrice: 1000n,
  increment: { kind: 'absolute', value: '100' },
  reservePrice: null,
  buyNowPrice: null,
  endsAt: new Date(now.getTime() + 86_400_000),
  softCloseWindowS: 60,
  softCloseExtensionS: 60,
  ...over,
});
const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('new lot rules', () => {
  it('accepts a valid lot and keeps a percent increment as basis points', () => {
    expect(validateNewLot(input(), now)).toEqual({ kind: 'absolute', minor: 100n });
    expect(toIncrement({ kind: 'percent', value: 2.5 })).toEqual({ kind: 'percent', basisPoints: 250n });
  });

  it.each([
    [{ endsAt: new Date(now.getTime() - 1) }, 'LOT.INVALID_END_TIME'],
    [{ endsAt: new Date(now.getTime() + 31 * 86_400_000) }, 'LOT.INVALID_END_TIME'],
    [{ reservePrice: 999n }, 'LOT.RESERVE_BELOW_START'],
    [{ buyNowPrice: 1000n }, 'LOT.BUY_NOW_TOO_LOW'],
    [{ reservePrice: 3000n, buyNowPrice: 2000n }, 'LOT.BUY_NOW_TOO_LOW'],
    [{ increment: { kind: 'percent' as const, value: 0.5 } }, 'LOT.INVALID_INCREMENT'],
    [{ increment: { kind: 'percent' as const, value: 101 } }, 'LOT.INVALID_INCREMENT'],
    [{ increment: { kind: 'absolute' as const, value: '0' } }, 'LOT.INVALID_INCREMENT'],
    [{ softCloseWindowS: -1 }, 'LOT.INVALID_SOFT_CLOSE'],
  ])('rejects %o with %s', (over, expected) => {
    expect(code(() => validateNewLot(input(over), now))).toBe(expected);
  });

  it('recognises photos by magic bytes only', () => {
    expect(detectPhotoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectPhotoType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(detectPhotoType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(detectPhotoType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectPhotoType(Buffer.alloc(0))).toBeUndefined();
  });
});
