import { JsonRpcProvider, Mnemonic, Network, randomBytes } from 'ethers';
import {
  depositAddress,
  hotWalletSigner,
  MAX_DEPOSIT_INDEX,
  platformKeyFingerprint,
  platformMnemonic,
} from './platform-keys';

// The well-known development phrase (Hardhat / Anvil); its first account is public knowledge.
const DEV = 'test test test test test test test test test test test junk';

describe('platform keys', () => {
  const saved = process.env.GAVEL_CHAIN_MNEMONIC;
  afterEach(() => {
    if (saved === undefined) delete process.env.GAVEL_CHAIN_MNEMONIC;
    else process.env.GAVEL_CHAIN_MNEMONIC = saved;
  });

  it("keeps the hot wallet at m/44'/60'/0'/0/0", () => {
    const provider = new JsonRpcProvider('http://127.0.0.1:1', Network.from(1337), { staticNetwork: true });
    const hot = hotWalletSigner(provider, DEV);
    expect(hot.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(hot.path).toBe("m/44'/60'/0'/0/0");
    expect(hot.provider).toBe(provider);
    provider.destroy();
  });

  it('gives a bare signer without a provider, and refuses without a mnemonic or with an invalid one', () => {
    expect(hotWalletSigner(null, DEV).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    delete process.env.GAVEL_CHAIN_MNEMONIC;
    expect(() => hotWalletSigner(null)).toThrow(/GAVEL_CHAIN_MNEMONIC/);
    expect(() => hotWalletSigner(null, 'not a mnemonic')).toThrow();
  });

  it("derives deposit addresses on m/44'/60'/1'/0/<index>, apart from the hot wallet", () => {
    const addresses = [0, 1, 2, 3].map((i) => depositAddress(i, DEV));
    expect(new Set(addresses).size).toBe(4);
    expect(addresses).not.toContain('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(addresses[3]).toBe('0x9BF4beE5bfbEbb3a4b7060dAe40CA6fD49305D60');
    expect(depositAddress(3, DEV)).toBe(addresses[3]); // the same index is the same address
  });

  it('derives other addresses from another key', () => {
    const other = Mnemonic.fromEntropy(randomBytes(16)).phrase;
    expect(depositAddress(0, other)).not.toBe(depositAddress(0, DEV));
    expect(platformKeyFingerprint(other)).not.toBe(platformKeyFingerprint(DEV));
    expect(platformKeyFingerprint(DEV)).toMatch(/^0x[0-9a-f]{8}$/);
  });

  it('reads GAVEL_CHAIN_MNEMONIC and refuses a missing or malformed one', () => {
    process.env.GAVEL_CHAIN_MNEMONIC = `  ${DEV.replace(/ /g, '  ')} `;
    expect(platformMnemonic()).toBe(DEV);
    expect(depositAddress(3)).toBe('0x9BF4beE5bfbEbb3a4b7060dAe40CA6fD49305D60');
    delete process.env.GAVEL_CHAIN_MNEMONIC;
    expect(() => platformMnemonic()).toThrow(/not set/);
    process.env.GAVEL_CHAIN_MNEMONIC = DEV.replace('junk', 'test');
    expect(() => platformMnemonic()).toThrow(/not a valid BIP-39 mnemonic/);
  });

  it('refuses an index outside the unhardened range', () => {
    expect(() => depositAddress(-1, DEV)).toThrow(RangeError);
    expect(() => depositAddress(MAX_DEPOSIT_INDEX + 1, DEV)).toThrow(RangeError);
    expect(() => depositAddress(1.5, DEV)).toThrow(RangeError);
  });
});
