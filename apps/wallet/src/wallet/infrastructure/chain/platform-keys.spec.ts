import { hotWalletSigner } from './platform-keys';

/** The well-known test mnemonic (ganache's and hardhat's): never a real one in a repository. */
const TEST_MNEMONIC = 'test test test test test test test test test test test junk';

describe('platform keys', () => {
  it("derives the hot wallet at m/44'/60'/0'/0/0", () => {
    const signer = hotWalletSigner(null, { GAVEL_CHAIN_MNEMONIC: TEST_MNEMONIC });
    expect(signer.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });

  it('refuses to start without a mnemonic, or with an invalid one', () => {
    expect(() => hotWalletSigner(null, {})).toThrow(/GAVEL_CHAIN_MNEMONIC/);
    expect(() => hotWalletSigner(null, { GAVEL_CHAIN_MNEMONIC: 'not a mnemonic' })).toThrow();
  });
});
