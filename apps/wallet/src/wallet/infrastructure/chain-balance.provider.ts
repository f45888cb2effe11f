import type { Provider } from '@nestjs/common';
import { CHAIN_BALANCE } from '../domain/chain-balance.port';
import { CachedChainBalance } from './cached-chain-balance';
import { CHAIN_CONFIG, ChainConfig, chainConfig } from './chain.config';
import { EthersChainBalanceAdapter } from './ethers-chain-balance.adapter';
import { JsonRpcBlocksAdapter } from './chain/json-rpc-blocks.adapter';
import { CHAIN_BLOCKS } from '../domain/chain-blocks.port';

/** The chain config, the cached ethers adapter behind ChainBalancePort and the deposit watcher's blocks. */
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
  {
    provide: CHAIN_BLOCKS,
    inject: [CHAIN_CONFIG],
    useFactory: (config: ChainConfig) =>
      // a block batch may take longer than one balance: at least 5 s
      new JsonRpcBlocksAdapter(config.rpcUrl, config.chainId, Math.max(config.timeoutMs, 5_000)),
  },
];
