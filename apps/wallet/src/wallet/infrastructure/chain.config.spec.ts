import { chainConfig } from './chain.config';

describe('chainConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to the local stack’s node outside production', () => {
    delete process.env.GAVEL_ETH_RPC_URL;
    process.env.NODE_ENV = 'test';
    expect(chainConfig().rpcUrl).toBe('http://127.0.0.1:18545');
  });

  it('refuses to start in production without GAVEL_ETH_RPC_URL (a loopback node is never right there)', () => {
    delete process.env.GAVEL_ETH_RPC_URL;
    process.env.NODE_ENV = 'production';
    expect(() => chainConfig()).toThrow(/GAVEL_ETH_RPC_URL is required/);
  });

  it('uses the configured node', () => {
    process.env.GAVEL_ETH_RPC_URL = 'http://gavel-chain:8545';
    process.env.NODE_ENV = 'production';
    expect(chainConfig().rpcUrl).toBe('http://gavel-chain:8545');
  });
});
