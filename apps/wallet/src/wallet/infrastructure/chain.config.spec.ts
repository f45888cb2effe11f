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
