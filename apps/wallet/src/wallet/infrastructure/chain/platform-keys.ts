import { HDNodeWallet, Provider } from 'ethers';

/**
 * The platform's keys, all derived from one BIP-39 mnemonic, the secret GAVEL_CHAIN_MNEMONIC (never in
 * the repository: the local stack generates one into the git-ignored .gavel/secrets/chain-mnemonic; Helm
 * reads it from a Secret). The hot wallet, which pays withdrawals, is m/44'/60'/0'/0/0.
 */
export const HOT_WALLET_PATH = "m/44'/60'/0'/0/0";

export function chainMnemonic(env: NodeJS.ProcessEnv = process.env): string {
  const phrase = env.GAVEL_CHAIN_MNEMONIC?.trim();
  if (!phrase) throw new Error('GAVEL_CHAIN_MNEMONIC is not set (the platform wallet mnemonic)');
  return phrase;
}

/** The hot wallet's signer; throws at once when the mnemonic is missing or invalid. */
export function hotWalletSigner(
  provider: Provider | null,
  env: NodeJS.ProcessEnv = process.env,
): HDNodeWallet {
  return HDNodeWallet.fromPhrase(chainMnemonic(env), undefined, HOT_WALLET_PATH).connect(provider);
}
