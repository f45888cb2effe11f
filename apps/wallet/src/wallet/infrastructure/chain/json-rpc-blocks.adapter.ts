import type { OnApplicationShutdown } from '@nestjs/common';
import { FetchRequest, JsonRpcProvider, Network, toQuantity } from 'ethers';
import type { ChainBlocksPort } from '../../domain/chain-blocks.port';
import { ChainUnavailableError } from '../../domain/chain-balance.port';
import type { ChainBlock, ChainTransaction } from '../../domain/chain-deposit';
import { callNode } from './node-call';

interface RawTransaction {
  hash: string;
  from: string;
  to: string | null;
  value: string;
}

interface RawBlock {
  number: string;
  hash: string;
  parentHash: string;
  transactions: RawTransaction[];
}

/** Requests the provider puts in one JSON-RPC batch (a node or provider may refuse larger ones). */
const BATCH = 10;

/**
 * ChainBlocksPort over JSON-RPC: `eth_blockNumber`, and `eth_getBlockByNumber(n, true)` for whole blocks,
 * up to ten per HTTP request (a JSON-RPC batch). Every call is bounded by `timeoutMs`; a failure or a
 * malformed answer is a ChainUnavailableError (the watcher backs off and tries again).
 */
export class JsonRpcBlocksAdapter implements ChainBlocksPort, OnApplicationShutdown {
  private readonly provider: JsonRpcProvider;

  constructor(
    private readonly rpcUrl: string,
    chainId: number,
    private readonly timeoutMs: number,
  ) {
    const request = new FetchRequest(rpcUrl);
    request.timeout = timeoutMs;
    const network = Network.from(chainId);
    this.provider = new JsonRpcProvider(request, network, {
      staticNetwork: network,
      batchMaxCount: BATCH,
      batchStallTime: 0,
    });
  }

  async head(): Promise<number> {
    const raw = await this.call<string>(() => this.provider.send('eth_blockNumber', []));
    return quantity(raw, 'eth_blockNumber');
  }

  async blocks(from: number, to: number): Promise<ChainBlock[]> {
    const numbers = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    const raw = await this.call(() =>
      Promise.all(
        numbers.map(
          (n) =>
            this.provider.send('eth_getBlockByNumber', [toQuantity(n), true]) as Promise<RawBlock | null>,
        ),
      ),
    );
    const blocks: ChainBlock[] = [];
    for (const r of raw) {
      if (!r) break; // the node has no such block (yet): the list ends here
      blocks.push(toBlock(r));
    }
    return blocks;
  }

  /** After every module stopped (the watcher stops in onModuleDestroy, before this). */
  onApplicationShutdown(): void {
    this.destroy();
  }

  destroy(): void {
    this.provider.destroy();
  }

  private call<T>(run: () => Promise<T>): Promise<T> {
    return callNode(this.rpcUrl, this.timeoutMs, run);
  }
}

function quantity(raw: unknown, what: string): number {
  if (typeof raw !== 'string' || !/^0x[0-9a-fA-F]{1,14}$/.test(raw))
    throw new ChainUnavailableError(`${what} answered ${JSON.stringify(raw)}, not a block number`);
  return Number(raw);
}

const HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function toBlock(r: RawBlock): ChainBlock {
  if (!HASH.test(r.hash) || !HASH.test(r.parentHash) || !Array.isArray(r.transactions))
    throw new ChainUnavailableError(`a block from the node is malformed: ${JSON.stringify(r).slice(0, 200)}`);
  return {
    number: quantity(r.number, 'a block number'),
    hash: r.hash.toLowerCase(),
    parentHash: r.parentHash.toLowerCase(),
    transactions: r.transactions.map(toTransaction),
  };
}

function toTransaction(t: RawTransaction): ChainTransaction {
  if (typeof t !== 'object' || !HASH.test(t.hash) || !ADDRESS.test(t.from))
    throw new ChainUnavailableError(
      'a block from the node lists a malformed transaction (asked with full transactions)',
    );
  if (t.to !== null && t.to !== undefined && !ADDRESS.test(t.to))
    throw new ChainUnavailableError(`transaction ${t.hash} has a malformed recipient`);
  if (typeof t.value !== 'string' || !/^0x[0-9a-fA-F]+$/.test(t.value))
    throw new ChainUnavailableError(`transaction ${t.hash} has a malformed value`);
  return {
    hash: t.hash.toLowerCase(),
    from: t.from.toLowerCase(),
    to: t.to ? t.to.toLowerCase() : null,
    value: BigInt(t.value),
  };
}
