import { HDNodeWallet, Mnemonic, Provider } from 'ethers';
import { platformMnemonicFromEnv } from '../chain.config';

/**
 * The platform's keys, all derived from one BIP-39 mnemonic, the secret GAVEL_CHAIN_MNEMONIC (never in the
 * repository: the local stack generates one into the git-ignored .gavel/secrets/chain-mnemonic; Helm reads
 * it from the Secret's key chain-mnemonic):
 *   m/44'/60'/0'/0/0        the hot wallet, which signs and sends withdrawals
 *   m/44'/60'/1'/0/<index>  user deposit addresses, one index per user (deposit_addresses.derivation_index)
 * The phrase is passed in or read from the environment; it is never logged or stored.
 */
export const HOT_WALLET_PATH = "m/44'/60'/0'/0/0";
export const DEPOSIT_BRANCH_PATH = "m/44'/60'/1'/0";
/** BIP-32 child indexes below 2^31 are the unhardened ones. */
export const MAX_DEPOSIT_INDEX = 2 ** 31 - 1;

let cached: { phrase: string; root: HDNodeWallet; deposits: HDNodeWallet } | undefined;

function keysOf(phrase: string): { root: HDNodeWallet; deposits: HDNodeWallet } {
  if (cached?.phrase !== phrase) {
    // computing the seed is the slow part (PBKDF2, 2048 rounds): once per phrase
    const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase), 'm');
    cached = { phrase, root, deposits: root.derivePath(DEPOSIT_BRANCH_PATH) };
  }
  return cached;
}

/** The platform mnemonic from GAVEL_CHAIN_MNEMONIC; throws when it is not set (or not valid). */
export function platformMnemonic(): string {
  const phrase = platformMnemonicFromEnv();
  if (!phrase) throw new Error('GAVEL_CHAIN_MNEMONIC is not set: the platform has no chain key');
  return phrase;
}

/** The checksummed deposit address at `index` (m/44'/60'/1'/0/<index>). */
export function depositAddress(index: number, mnemonic: string = platformMnemonic()): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_DEPOSIT_INDEX)
    throw new RangeError(`a deposit index is 0 to ${MAX_DEPOSIT_INDEX}, got ${index}`);
  return keysOf(mnemonic).deposits.deriveChild(index).address;
}

/**
 * The hot wallet (m/44'/60'/0'/0/0), to sign and send withdrawals, connected to `provider` (null: a signer
 * only, for an adapter that broadcasts itself); throws at once when the mnemonic is missing or invalid.
 */
export function hotWalletSigner(
  provider: Provider | null,
  mnemonic: string = platformMnemonic(),
): HDNodeWallet {
  return keysOf(mnemonic).root.derivePath(HOT_WALLET_PATH).connect(provider);
}

/**
 * A public identifier of the key (its root's BIP-32 fingerprint, 4 bytes): recorded with every deposit
 * address, so an operator can tell which key controls an address after the key was ever replaced.
 */
export function platformKeyFingerprint(mnemonic: string = platformMnemonic()): string {
  return keysOf(mnemonic).root.fingerprint;
}
