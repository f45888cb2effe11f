import { HDNodeWallet, Transaction } from 'ethers';
import { ChainUnavailableError } from '../../domain/chain-balance.port';
import {
  ChainTransferPort,
  FeeCaps,
  SignedTransfer,
  TransferRequest,
} from '../../domain/chain-transfer.port';
import { BroadcastOutcome, classifyBroadcastError } from '../../domain/withdrawal';
import { JsonRpcClient, JsonRpcErrorAnswer } from './json-rpc.client';

/** A plain ether transfer to an externally owned account (linked addresses are: they signed a message). */
export const TRANSFER_GAS = 21_000n;
/** The tip is the node's gas price, at most 2 gwei; the fee cap leaves room for the base fee to double. */
const MAX_TIP = 2_000_000_000n;

const hex = (n: bigint): string => `0x${n.toString(16)}`;

/**
 * ChainTransferPort over JSON-RPC (our own calls, so that "the node is down" and "the node said no" stay
 * apart) with the hot wallet's key signing locally. Fees: EIP-1559, tip = min(eth_gasPrice, 2 gwei),
 * cap = 2 × eth_gasPrice + tip.
 */
export class JsonRpcChainTransferAdapter implements ChainTransferPort {
  readonly enabled: boolean;

  constructor(
    private readonly rpc: JsonRpcClient,
    private readonly chainId: number,
    private readonly signer: HDNodeWallet | undefined,
  ) {
    this.enabled = signer !== undefined;
  }

  hotWalletAddress(): string {
    if (!this.signer) throw new Error('no hot wallet is configured (GAVEL_CHAIN_MNEMONIC)');
    return this.signer.address.toLowerCase();
  }

  async head(): Promise<bigint> {
    return BigInt(await this.read<string>('eth_blockNumber', []));
  }

  async nonceCountAt(block: bigint | 'latest'): Promise<bigint> {
    const tag = block === 'latest' ? block : hex(block < 0n ? 0n : block);
    return BigInt(await this.read<string>('eth_getTransactionCount', [this.hotWalletAddress(), tag]));
  }

  async feeCaps(): Promise<FeeCaps> {
    const gasPrice = BigInt(await this.read<string>('eth_gasPrice', []));
    const tip = gasPrice < MAX_TIP ? gasPrice : MAX_TIP;
    return { maxPriorityFeePerGas: tip, maxFeePerGas: 2n * gasPrice + tip };
  }

  async sign({ to, valueWei, nonce, fees }: TransferRequest): Promise<SignedTransfer> {
    if (!this.signer) throw new Error('no hot wallet is configured (GAVEL_CHAIN_MNEMONIC)');
    const raw = await this.signer.signTransaction({
      type: 2,
      chainId: this.chainId,
      nonce: Number(nonce),
      to,
      value: valueWei,
      gasLimit: TRANSFER_GAS,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    return { raw, hash: Transaction.from(raw).hash ?? '' };
  }

  async broadcast(raw: string): Promise<BroadcastOutcome> {
    try {
      await this.rpc.call<string>('eth_sendRawTransaction', [raw]);
      return 'accepted';
    } catch (e) {
      if (e instanceof JsonRpcErrorAnswer) return classifyBroadcastError(e.message);
      throw e;
    }
  }

  async receipt(hash: string): Promise<{ status: number; blockNumber: bigint } | null> {
    const r = await this.read<{ status?: string; blockNumber?: string } | null>('eth_getTransactionReceipt', [
      hash,
    ]);
    if (!r?.blockNumber) return null;
    return { status: Number(r.status ?? '0x1'), blockNumber: BigInt(r.blockNumber) };
  }

  /** A read the node answered with an error cannot tell us anything either: treated as unavailable. */
  private async read<T>(method: string, params: unknown[]): Promise<T> {
    try {
      return await this.rpc.call<T>(method, params);
    } catch (e) {
      if (e instanceof JsonRpcErrorAnswer)
        throw new ChainUnavailableError(`the Ethereum node answered ${method} with an error: ${e.message}`);
      throw e;
    }
  }
}
