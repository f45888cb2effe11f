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

describe('deposit settings', () => {
  const saved = { ...process.env };
  const DEV = 'test test test test test test test test test test test junk';
  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('GAVEL_CHAIN_')) delete process.env[k];
    delete process.env.GAVEL_WEI_PER_MINOR_UNIT;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to one confirmation, 10^13 wei per minor unit and no key', () => {
    expect(chainConfig().deposits).toEqual({
      mnemonic: undefined,
      confirmations: 1,
      weiPerMinorUnit: 10n ** 13n,
      pollMs: 2_000,
      scanBlocks: 50,
      startBlock: undefined,
      reorgRewind: 64,
      maxBackoffMs: 30_000,
      watcher: true,
    });
  });

  it('reads every setting; the deposit rate defaults to the linked-address rate', () => {
    Object.assign(process.env, {
      GAVEL_WEI_PER_MINOR_UNIT: '1000',
      GAVEL_CHAIN_MNEMONIC: DEV,
      GAVEL_CHAIN_CONFIRMATIONS: '12',
      GAVEL_CHAIN_START_BLOCK: '19000000',
      GAVEL_CHAIN_WATCHER: 'off',
    });
    expect(chainConfig().deposits).toMatchObject({
      mnemonic: DEV,
      confirmations: 12,
      weiPerMinorUnit: 1000n,
      startBlock: 19_000_000,
      watcher: false,
    });
    process.env.GAVEL_CHAIN_WEI_PER_MINOR_UNIT = '123456789012345678901234567890';
    expect(chainConfig().deposits.weiPerMinorUnit).toBe(123456789012345678901234567890n);
  });

  it('shares one confirmation depth and one rate with withdrawals', () => {
    Object.assign(process.env, { GAVEL_CHAIN_CONFIRMATIONS: '12', GAVEL_CHAIN_WEI_PER_MINOR_UNIT: '5000' });
    const config = chainConfig();
    expect(config).toMatchObject({ confirmations: 12, weiPerMinorUnit: 5000n });
    expect(config.deposits).toMatchObject({ confirmations: 12, weiPerMinorUnit: 5000n });
  });

  it.each([
    ['GAVEL_CHAIN_CONFIRMATIONS', '0', /1 to 10000/],
    ['GAVEL_CHAIN_CONFIRMATIONS', 'twelve', /must be an integer/],
    ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', '1e13', /positive integer/],
    ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', '0', /positive integer/],
    ['GAVEL_CHAIN_WEI_PER_MINOR_UNIT', '-5', /positive integer/],
    ['GAVEL_CHAIN_START_BLOCK', 'latest', /block number or "head"/],
    ['GAVEL_CHAIN_SCAN_BLOCKS', '5000', /1 to 1000/],
    ['GAVEL_CHAIN_POLL_MS', '1.5', /must be an integer/],
    ['GAVEL_CHAIN_WATCHER', 'yes', /on or off/],
    ['GAVEL_CHAIN_MNEMONIC', DEV.replace('junk', 'test'), /not a valid BIP-39 mnemonic/],
  ])('refuses to start with %s=%s', (name, value, message) => {
    process.env[name] = value;
    expect(() => chainConfig()).toThrow(message);
  });
});
