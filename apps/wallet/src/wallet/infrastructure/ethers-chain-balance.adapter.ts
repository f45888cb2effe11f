import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { ChainBalancePort } from '../domain/chain-balance.port';
import { callNode } from './chain/node-call';

/**
 * ChainBalancePort over an ethers JsonRpcProvider: one `eth_getBalance` per call (no batching, a static
 * network so nothing is probed), bounded by `timeoutMs` both in the HTTP request and around the call.
 */
export class EthersChainBalanceAdapter implements ChainBalancePort {
  private readonly provider: JsonRpcProvider;

  constructor(
    private readonly rpcUrl: string,
    chainId: number,
    private readonly timeoutMs: number,
  ) {
    const request = new FetchRequest(rpcUrl);
    request.timeout = timeoutMs;
    const network = Network.from(chainId);
    this.provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchMaxCount: 1 });
  }

  balanceOf(address: string): Promise<bigint> {
    return callNode(this.rpcUrl, this.timeoutMs, () => this.provider.getBalance(address));
  }

  destroy(): void {
    this.provider.destroy();
  }
}
