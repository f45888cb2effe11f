import type { Provider } from '@nestjs/common';
import { CHAIN_BALANCE } from '../domain/chain-balance.port';
import { CachedChainBalance } from './cached-chain-balance';
import { CHAIN_CONFIG, ChainConfig, chainConfig } from './chain.config';
import { EthersChainBalanceAdapter } from './ethers-chain-balance.adapter';

/** The chain config and the cached ethers adapter behind ChainBalancePort. */
export const chainProviders: Provider[] = [
  { provide: CHAIN_CONFIG, useFactory: chainConfig },
  {
    provide: CHAIN_BALANCE,
    inject: [CHAIN_CONFIG],
    useFactory: (config: ChainConfig) => {
      const node = new EthersChainBalanceAdapter(config.rpcUrl, config.chainId, config.timeoutMs);
      return new CachedChainBalance(node, config.balanceTtlMs, config.retryAfterMs, Date.now, () =>
        node.destroy(),
      );
    },
  },
];
