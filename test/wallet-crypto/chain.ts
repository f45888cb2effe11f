import { BaseWallet, JsonRpcProvider, Network, parseEther, toBeHex } from 'ethers';
import type { Response, Test } from 'supertest';
import { stack, waitFor } from '../support/env';

/** The stack's ganache (scripts/stack.sh up ganache): deterministic accounts fund fresh test keys. */
export const RPC_URL =
  process.env.GAVEL_ETH_RPC_URL || `http://127.0.0.1:${process.env.GAVEL_GANACHE_PORT ?? 18545}`;
const network = Network.from(Number(process.env.GAVEL_ETH_CHAIN_ID ?? 1337));
/** Deterministic account used only by these suites to fund test addresses. */
const FUNDER_INDEX = 7;

export class Chain {
  readonly provider = new JsonRpcProvider(RPC_URL, network, { staticNetwork: network, batchMaxCount: 1 });

  /** Starts ganache if needed (idempotent) and waits until it answers. */
  async up(): Promise<void> {
    await stack('up', 'ganache');
    await waitFor(
      'ganache',
      async () => (await this.provider.send('web3_clientVersion', [])) as string,
      30_000,
      250,
    );
  }

  down(): Promise<string> {
    return stack('down', 'ganache');
  }

  /** Sends `eth` from a deterministic ganache account (instant mining: the balance is there on return). */
  async fund(address: string, eth: string): Promise<bigint> {
    const accounts: string[] = await this.provider.send('eth_accounts', []);
    await this.provider.send('eth_sendTransaction', [
      { from: accounts[FUNDER_INDEX], to: address, value: toBeHex(parseEther(eth)) },
    ]);
    return this.provider.getBalance(address);
  }

  /** EIP-191 signature made by the node itself (eth_sign) with `key` imported into it. */
  async nodeSign(key: BaseWallet, message: string): Promise<string> {
    const address: string = await this.provider.send('personal_importRawKey', [key.privateKey, 'gavel-test']);
    await this.provider.send('personal_unlockAccount', [address, 'gavel-test', 60]);
    return this.provider.send('eth_sign', [address, `0x${Buffer.from(message, 'utf8').toString('hex')}`]);
  }

  destroy(): void {
    this.provider.destroy();
  }
}

export interface Challenge {
  nonce: string;
  message: string;
  expiresAt: string;
}

type Http = () => { post(url: string): Test; get(url: string): Test };

/** Challenge → personal_sign with `key` → POST the link; returns the HTTP response. */
export async function link(
  http: Http,
  userId: string,
  key: BaseWallet,
  sign?: (message: string) => Promise<string>,
): Promise<Response> {
  const challenge: Challenge = (await http().post(`/wallets/${userId}/addresses/challenge`).expect(201)).body;
  const signature = await (sign ?? ((m: string) => key.signMessage(m)))(challenge.message);
  return await http().post(`/wallets/${userId}/addresses`).send({ address: key.address, signature });
}
