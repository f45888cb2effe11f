import { Logger, Provider } from '@nestjs/common';
import type { HDNodeWallet } from 'ethers';
import { CHAIN_TRANSFER } from '../../domain/chain-transfer.port';
import { CHAIN_CONFIG, ChainConfig } from '../chain.config';
import { JsonRpcChainTransferAdapter } from './json-rpc-chain-transfer.adapter';
import { JsonRpcClient } from './json-rpc.client';
import { hotWalletSigner } from './platform-keys';

/**
 * The hot wallet: required in production (the service does not start without a valid
 * GAVEL_CHAIN_MNEMONIC); elsewhere withdrawals are refused at their hold until one is set.
 */
export function hotWalletFromEnv(env: NodeJS.ProcessEnv = process.env): HDNodeWallet | undefined {
  if (env.GAVEL_CHAIN_MNEMONIC?.trim() || env.NODE_ENV === 'production') return hotWalletSigner(null, env);
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
      hotWalletFromEnv(),
    ),
};
