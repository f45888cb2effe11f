import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { ChainBalancePort, ChainUnavailableError } from '../domain/chain-balance.port';

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

  async balanceOf(address: string): Promise<bigint> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ChainUnavailableError(
              `the Ethereum node at ${this.rpcUrl} did not answer within ${this.timeoutMs} ms`,
            ),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([this.provider.getBalance(address), deadline]);
    } catch (e) {
      if (e instanceof ChainUnavailableError) throw e;
      throw new ChainUnavailableError(`the Ethereum node at ${this.rpcUrl} failed: ${shortReason(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  destroy(): void {
    this.provider.destroy();
  }
}

function shortReason(e: unknown): string {
  const error = e as { code?: string; shortMessage?: string; message?: string };
  return (
    [error.code, error.shortMessage ?? error.message?.split('\n')[0]].filter(Boolean).join(': ') || String(e)
  );
}
