import {
  ChainBlock,
  chainDepositCause,
  continuesChain,
  depositsIn,
  lagBehind,
  planScan,
  weiToMinor,
} from './chain-deposit';

const block = (
  number: number,
  transactions: ChainBlock['transactions'] = [],
  parent?: string,
): ChainBlock => ({
  number,
  hash: `0xh${number}`,
  parentHash: parent ?? `0xh${number - 1}`,
  transactions,
});

describe('weiToMinor', () => {
  const rate = 10n ** 13n; // 1 ETH = 100,000 minor units

  it('credits whole minor units and keeps the remainder apart', () => {
    expect(weiToMinor(10n ** 18n, rate)).toEqual({ amount: 100_000n, remainderWei: 0n });
    expect(weiToMinor(25n * 10n ** 12n, rate)).toEqual({ amount: 2n, remainderWei: 5n * 10n ** 12n });
  });

  it('credits nothing below one minor unit (the value is recorded as the remainder)', () => {
    expect(weiToMinor(rate - 1n, rate)).toEqual({ amount: 0n, remainderWei: rate - 1n });
  });

  it('is exact beyond 2^53', () => {
    const wei = 123_456_789_012_345_678_901_234_567n;
    const { amount, remainderWei } = weiToMinor(wei, rate);
    expect(amount * rate + remainderWei).toBe(wei);
  });

  it('refuses a rate that is not positive and a negative value', () => {
    expect(() => weiToMinor(1n, 0n)).toThrow(RangeError);
    expect(() => weiToMinor(-1n, rate)).toThrow(RangeError);
  });
});

describe('planScan', () => {
  it('scans up to the newest block with enough confirmations', () => {
    // one confirmation: the head itself is confirmed
    expect(planScan({ cursor: 10, head: 20, confirmations: 1, maxBlocks: 100 })).toEqual({
      from: 11,
      to: 20,
    });
    // 12 confirmations: block 20 − 12 + 1 = 9 is the newest, already behind the cursor
    expect(planScan({ cursor: 10, head: 20, confirmations: 12, maxBlocks: 100 })).toBeUndefined();
    expect(planScan({ cursor: 10, head: 22, confirmations: 12, maxBlocks: 100 })).toEqual({
      from: 11,
      to: 11,
    });
  });

  it('covers at most maxBlocks blocks per scan', () => {
    expect(planScan({ cursor: 0, head: 1_000, confirmations: 3, maxBlocks: 50 })).toEqual({
      from: 1,
      to: 50,
    });
  });

  it('has nothing to do when caught up, or when the node is behind the cursor', () => {
    expect(planScan({ cursor: 20, head: 20, confirmations: 1, maxBlocks: 10 })).toBeUndefined();
    expect(planScan({ cursor: 20, head: 5, confirmations: 1, maxBlocks: 10 })).toBeUndefined();
  });

  it('refuses fewer than one confirmation or an empty batch', () => {
    expect(() => planScan({ cursor: 0, head: 5, confirmations: 0, maxBlocks: 10 })).toThrow(RangeError);
    expect(() => planScan({ cursor: 0, head: 5, confirmations: 1, maxBlocks: 0 })).toThrow(RangeError);
  });

  it('reports the lag behind the confirmed head', () => {
    expect(lagBehind(10, 20, 1)).toBe(10);
    expect(lagBehind(10, 20, 12)).toBe(0);
    expect(lagBehind(30, 20, 1)).toBe(0);
  });
});

describe('continuesChain', () => {
  it('accepts consecutive blocks on top of the cursor', () => {
    expect(continuesChain('0xh10', [block(11), block(12)])).toBe(true);
    expect(continuesChain(null, [block(11), block(12)])).toBe(true);
    expect(continuesChain('0xh10', [])).toBe(true);
  });

  it('detects a history that changed under the cursor (a reorganisation deeper than the confirmations)', () => {
    expect(continuesChain('0xh10', [block(11, [], '0xother'), block(12)])).toBe(false);
    expect(continuesChain('0xH10', [block(11)])).toBe(true); // hashes compare case-insensitively
  });

  it('detects a gap or a broken link inside the batch', () => {
    expect(continuesChain('0xh10', [block(11), block(13)])).toBe(false);
    expect(continuesChain('0xh10', [block(11), block(12, [], '0xforked')])).toBe(false);
  });
});

describe('depositsIn', () => {
  const alice = '0x' + 'a'.repeat(40);
  const owners = new Map([[alice, 'alice']]);
  const ownerOf = (a: string) => owners.get(a);
  const tx = (hash: string, to: string | null, value: bigint) => ({
    hash,
    from: '0x' + 'F'.repeat(40),
    to,
    value,
  });

  it('finds positive transfers to watched addresses, in lower case', () => {
    const found = depositsIn(
      [
        block(11, [
          tx('0xT1', alice.toUpperCase().replace('0X', '0x'), 5n),
          tx('0xt2', '0x' + 'b'.repeat(40), 9n),
        ]),
        block(12, [tx('0xt3', alice, 7n)]),
      ],
      ownerOf,
    );
    expect(found).toEqual([
      {
        userId: 'alice',
        txHash: '0xt1',
        blockNumber: 11,
        blockHash: '0xh11',
        from: '0x' + 'f'.repeat(40),
        to: alice,
        wei: 5n,
      },
      expect.objectContaining({ txHash: '0xt3', blockNumber: 12, wei: 7n }),
    ]);
  });

  it('ignores transfers of zero and contract creations', () => {
    expect(depositsIn([block(11, [tx('0x1', alice, 0n), tx('0x2', null, 5n)])], ownerOf)).toEqual([]);
  });
});

describe('chainDepositCause', () => {
  it('is one per transaction and chain, whatever the case of the hash', () => {
    expect(chainDepositCause(1337, '0xABC')).toBe('chain-deposit:1337:0xabc');
    expect(chainDepositCause(1, '0xabc')).not.toBe(chainDepositCause(1337, '0xabc'));
  });
});
