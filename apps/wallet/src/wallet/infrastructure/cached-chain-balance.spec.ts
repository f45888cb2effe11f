import { ChainBalancePort, ChainUnavailableError } from '../domain/chain-balance.port';
import { CachedChainBalance } from './cached-chain-balance';

class FakeNode implements ChainBalancePort {
  calls: string[] = [];
  answer: bigint | Error = 5n;
  pending?: (wei: bigint) => void;
  hang = false;

  balanceOf(address: string): Promise<bigint> {
    this.calls.push(address);
    if (this.hang) return new Promise((resolve) => (this.pending = resolve));
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

describe('CachedChainBalance', () => {
  let clock: number;
  let node: FakeNode;
  let cached: CachedChainBalance;
  beforeEach(() => {
    clock = 1_000;
    node = new FakeNode();
    cached = new CachedChainBalance(node, 5_000, 1_000, () => clock);
  });

  it('reuses a balance for the TTL (case-insensitive address), then asks again', async () => {
    expect(await cached.balanceOf('0xAB')).toBe(5n);
    node.answer = 7n;
    clock += 4_999;
    expect(await cached.balanceOf('0xab')).toBe(5n);
    clock += 1;
    expect(await cached.balanceOf('0xab')).toBe(7n);
    expect(node.calls).toEqual(['0xAB', '0xab']);
  });

  it('shares one call between concurrent reads of an address', async () => {
    node.hang = true;
    const both = Promise.all([cached.balanceOf('0xa'), cached.balanceOf('0xA')]);
    node.pending?.(9n);
    expect(await both).toEqual([9n, 9n]);
    expect(node.calls).toHaveLength(1);
  });

  it('fails at once for retryAfter after a failure, then asks the node again', async () => {
    node.answer = new ChainUnavailableError('connection refused');
    await expect(cached.balanceOf('0xa')).rejects.toThrow('connection refused');
    await expect(cached.balanceOf('0xb')).rejects.toThrow(/connection refused \(not retried/);
    expect(node.calls).toEqual(['0xa']);
    clock += 1_000;
    node.answer = 3n;
    expect(await cached.balanceOf('0xb')).toBe(3n);
  });

  it('turns any node error into ChainUnavailableError', async () => {
    node.answer = new Error('boom');
    await expect(cached.balanceOf('0xa')).rejects.toBeInstanceOf(ChainUnavailableError);
  });
});
