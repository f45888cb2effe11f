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

describe('chainConfig: withdrawals', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const clear = () => {
    for (const name of [
      'GAVEL_CHAIN_WEI_PER_MINOR_UNIT',
      'GAVEL_WEI_PER_MINOR_UNIT',
      'GAVEL_CHAIN_CONFIRMATIONS',
      'GAVEL_CHAIN_DROP_AFTER_MS',
      'GAVEL_CHAIN_DEV_FUNDING',
      'GAVEL_ETH_CHAIN_ID',
    ])
      delete process.env[name];
    process.env.NODE_ENV = 'test';
  };

  it('defaults: 10^13 wei per minor unit, 1 confirmation, 5 minutes to drop, dev funding on chain 1337', () => {
    clear();
    expect(chainConfig()).toMatchObject({
      weiPerMinorUnit: 10n ** 13n,
      confirmations: 1,
      dropAfterMs: 300_000,
      devFunding: true,
    });
  });

  it('reads GAVEL_CHAIN_WEI_PER_MINOR_UNIT, else the older GAVEL_WEI_PER_MINOR_UNIT', () => {
    clear();
    process.env.GAVEL_WEI_PER_MINOR_UNIT = '7';
    expect(chainConfig().weiPerMinorUnit).toBe(7n);
    process.env.GAVEL_CHAIN_WEI_PER_MINOR_UNIT = '1000000000000000000';
    expect(chainConfig().weiPerMinorUnit).toBe(10n ** 18n);
  });

  it.each([
    ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', '1e13'],
    ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', '0'],
    ['GAVEL_CHAIN_CONFIRMATIONS', '0'],
    ['GAVEL_CHAIN_CONFIRMATIONS', 'two'],
    ['GAVEL_CHAIN_DROP_AFTER_MS', '-5'],
    ['GAVEL_CHAIN_DEV_FUNDING', 'yes'],
  ])('a malformed %s (%s) stops the start', (name, value) => {
    clear();
    process.env[name] = value;
    expect(() => chainConfig()).toThrow(name);
  });

  it('dev funding is off in production and refused on another chain', () => {
    clear();
    process.env.NODE_ENV = 'production';
    process.env.GAVEL_ETH_RPC_URL = 'http://node:8545';
    expect(chainConfig().devFunding).toBe(false);
    process.env.NODE_ENV = 'test';
    process.env.GAVEL_ETH_CHAIN_ID = '1';
    expect(chainConfig().devFunding).toBe(false);
    process.env.GAVEL_CHAIN_DEV_FUNDING = 'on';
    expect(() => chainConfig()).toThrow(/dev chain id/);
  });
});
