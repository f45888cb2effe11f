import { Logger, Provider } from '@nestjs/common';
import type { HDNodeWallet } from 'ethers';
import { CHAIN_TRANSFER } from '../../domain/chain-transfer.port';
import { CHAIN_CONFIG, ChainConfig } from '../chain.config';
import { JsonRpcChainTransferAdapter } from './json-rpc-chain-transfer.adapter';
import { JsonRpcClient } from './json-rpc.client';
import { hotWalletSigner } from './platform-keys';

/**
 * The hot wallet from GAVEL_CHAIN_MNEMONIC (checked by chainConfig: an invalid mnemonic stops the start).
 * Without one (a deployment that has not given its Secret the key chain-mnemonic) the wallet runs and
 * refuses withdrawals at their hold (WALLET.CHAIN_REJECTED, "not configured"), with a warning at start.
 */
export function hotWalletOf(mnemonic: string | undefined): HDNodeWallet | undefined {
  if (mnemonic) return hotWalletSigner(null, mnemonic);
  new Logger('HotWallet').warn('GAVEL_CHAIN_MNEMONIC is not set: withdrawals are refused');
  return undefined;
}

export const chainTransferProvider: Provider = {
  provide: CHAIN_TRANSFER,
  inject: [CHAIN_CONFIG],
  useFactory: (config: ChainConfig) =>
    new JsonRpcChainTransferAdapter(
      new JsonRpcClient(config.rpcUrl, config.timeoutMs),
      config.chainId,
      hotWalletOf(config.mnemonic),
    ),
};
