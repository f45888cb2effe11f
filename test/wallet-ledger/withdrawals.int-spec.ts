import { HDNodeWallet, keccak256, Wallet } from 'ethers';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HOT_WALLET_PATH } from '../../apps/wallet/src/wallet/infrastructure/chain/platform-keys';
import { ApiUser } from '../e2e/client';
import { System } from '../e2e/system';
import { closePools, db, sleep, waitFor } from '../support/env';
import { Chain, RPC_URL } from '../wallet-crypto/chain';

/** 1 minor unit = 0.01 ETH here, so the hot wallet's 100 ETH of dev funding is 10,000 minor units. */
const WEI_PER_MINOR = 10n ** 16n;
const CONFIRMATIONS = 2;

interface WithdrawalView {
  withdrawalId: string;
  amount: string;
  toAddress: string;
  status: string;
  txHash: string | null;
  code: string | null;
  reason: string | null;
}
interface StatementLine {
  kind: string;
  account: string;
  amount: number;
  reference: string;
}

/**
 * The wallet's JSON-RPC node as the wallet sees it: a proxy in front of the stack's ganache that the
 * test can take down (connections dropped, as a dead node) and that can lose a transaction (it answers
 * eth_sendRawTransaction with the hash and never passes it on, as a node whose pool dropped it).
 */
class NodeProxy {
  down = false;
  private loseNext = false;
  private readonly lost = new Set<string>();
  private readonly server: Server = createServer((req, res) => {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    void this.forward(req).then(
      (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer),
      () => req.socket.destroy(),
    );
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next transaction broadcast is lost, and so is every rebroadcast of the same bytes. */
  loseNextTransaction(): void {
    this.loseNext = true;
  }

  get lostCount(): number {
    return this.lost.size;
  }

  private async forward(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const call = JSON.parse(body) as { id: number; method: string; params: string[] };
    if (call.method === 'eth_sendRawTransaction') {
      const raw = call.params[0];
      if (this.loseNext) {
        this.loseNext = false;
        this.lost.add(raw);
      }
      if (this.lost.has(raw)) return JSON.stringify({ jsonrpc: '2.0', id: call.id, result: keccak256(raw) });
    }
    const res = await fetch(RPC_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return res.text();
  }
}

/**
 * Withdrawals to a linked address on the local chain, every part real: gateway, orchestrator (the
 * Withdrawal saga), wallet (its hot wallet from a fresh mnemonic, funded from ganache's account 0 at
 * start), Kafka, Debezium, and real transactions on the stack's ganache, which the wallet reaches
 * through a proxy the test controls. Blocks are mined by the test (every 500 ms, or by hand) so that
 * GAVEL_CHAIN_CONFIRMATIONS=2 means something.
 */
describe('withdrawals: money out to a linked address on the chain (gateway → orchestrator → wallet → ganache)', () => {
  const chain = new Chain();
  const proxy = new NodeProxy();
  const mnemonic = Wallet.createRandom().mnemonic!.phrase;
  const hotWallet = HDNodeWallet.fromPhrase(mnemonic, undefined, HOT_WALLET_PATH).address;
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  let system: System;
  let admin: ApiUser;
  let miner: NodeJS.Timeout | undefined;

  const mine = () => chain.provider.send('evm_mine', []);
  const startMiner = () => {
    miner ??= setInterval(() => void mine().catch(() => undefined), 500);
  };
  const stopMiner = () => {
    clearInterval(miner);
    miner = undefined;
  };

  beforeAll(async () => {
    await chain.up();
    const rpcUrl = await proxy.start();
    system = new System({
      GAVEL_ETH_RPC_URL: rpcUrl,
      GAVEL_CHAIN_MNEMONIC: mnemonic,
      GAVEL_CHAIN_WEI_PER_MINOR_UNIT: WEI_PER_MINOR.toString(),
      GAVEL_CHAIN_CONFIRMATIONS: String(CONFIRMATIONS),
      GAVEL_CHAIN_DROP_AFTER_MS: '4000',
      GAVEL_CHAIN_DEV_FUNDING: 'on',
      GAVEL_SAGA_STEP_TIMEOUT_MS: '1500',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1500',
      GAVEL_SAGA_RETRY_DELAY_MS: '200',
      GAVEL_SAGA_RETRY_MAX_DELAY_MS: '1000',
      GAVEL_KAFKA_SESSION_TIMEOUT_MS: '8000',
      GAVEL_ADMIN_EMAIL: adminLogin.email,
      GAVEL_ADMIN_PASSWORD: adminLogin.password,
    });
    await system.start(['orchestrator', 'wallet']);
    await system.start(['gateway']);
    admin = await ApiUser.login(system.url('gateway'), adminLogin.email, adminLogin.password);
    await waitFor(
      'the hot wallet funded at the wallet start (dev)',
      async () => (await chain.provider.getBalance(hotWallet)) >= 100n * 10n ** 18n,
      60_000,
      500,
    );
    startMiner();
  });
  afterAll(async () => {
    stopMiner();
    await system?.stop();
    await proxy.stop();
    chain.destroy();
    await closePools();
  });

  /** A user with `deposit` on their wallet and a freshly linked address (its key signed the challenge). */
  async function userWithAddress(deposit: number): Promise<{ user: ApiUser; address: string }> {
    const user = await ApiUser.register(system.url('gateway'), 'buyer');
    await user.topUp(deposit);
    const key = Wallet.createRandom();
    const challenge = await user.call<{ message: string; nonce: string }>(
      'POST',
      '/wallet/addresses/challenge',
    );
    expect(challenge.status).toBe(201);
    const linked = await user.call('POST', '/wallet/addresses', {
      address: key.address,
      signature: await key.signMessage(challenge.body.message),
      nonce: challenge.body.nonce,
    });
    expect(linked.status).toBe(201);
    return { user, address: key.address };
  }

  async function withdraw(user: ApiUser, amount: number, key: string = randomUUID()): Promise<string> {
    const res = await user.call<{ withdrawalId: string; sagaId: string; status: string }>(
      'POST',
      '/wallet/withdrawals',
      { amount },
      { 'idempotency-key': key },
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ withdrawalId: res.body.sagaId, status: 'PENDING' });
    return res.body.withdrawalId;
  }

  const withdrawalOf = async (user: ApiUser, id: string) =>
    (await user.call<WithdrawalView>('GET', `/wallet/withdrawals/${id}`)).body;
  const until = (user: ApiUser, id: string, statuses: string[], ms = 120_000) =>
    waitFor(
      `withdrawal ${id} to be ${statuses.join(' or ')}`,
      async () => {
        const w = await withdrawalOf(user, id);
        return statuses.includes(w.status) && w;
      },
      ms,
      250,
    );
  const walletOf = async (user: ApiUser) =>
    (await user.call<{ balance: number; held: number }>('GET', '/wallet')).body;
  const linesOf = async (user: ApiUser, id: string) =>
    (await user.call<{ items: StatementLine[] }>('GET', '/wallet/ledger?limit=100')).body.items
      .filter((l) => l.reference === `withdrawal:${id}`)
      .map((l) => `${l.kind} ${l.account} ${l.amount}`)
      .sort();
  const entries = async (id: string, kind: string): Promise<number> =>
    (
      await db('wallet').query(
        `SELECT count(*)::int AS n FROM ledger_entries WHERE reference = $1 AND kind = $2`,
        [`withdrawal:${id}`, kind],
      )
    ).rows[0].n;
  const sagaOf = async (id: string) =>
    (await db('orchestrator').query(`SELECT status, step FROM sagas WHERE id = $1`, [id])).rows[0] as
      { status: string; step: string | null } | undefined;

  async function reconciled(): Promise<void> {
    const res = await admin.call<{ ok: boolean; checks: { name: string; ok: boolean }[] }>(
      'GET',
      '/admin/ledger/reconciliation',
    );
    expect(res.status).toBe(200);
    expect(res.body.checks.filter((c) => !c.ok)).toEqual([]);
    expect(res.body.ok).toBe(true);
  }

  it('refuses plainly wrong requests with a machine-readable 4xx, before any saga', async () => {
    const lonely = await ApiUser.register(system.url('gateway'), 'buyer');
    await lonely.topUp(1_000);
    const noAddress = await lonely.call<{ code: string }>('POST', '/wallet/withdrawals', { amount: 100 });
    expect(noAddress).toMatchObject({ status: 409, body: { code: 'WALLET.NO_LINKED_ADDRESS' } });

    const { user } = await userWithAddress(1_000);
    const tooMuch = await user.call<{ code: string; details: { withdrawable: number } }>(
      'POST',
      '/wallet/withdrawals',
      { amount: 1_001 },
    );
    expect(tooMuch).toMatchObject({
      status: 402,
      body: { code: 'WALLET.INSUFFICIENT_FUNDS', details: { withdrawable: 1_000 } },
    });
    const notMine = await user.call<{ code: string }>('POST', '/wallet/withdrawals', {
      amount: 10,
      toAddress: Wallet.createRandom().address,
    });
    expect(notMine).toMatchObject({ status: 422, body: { code: 'WALLET.ADDRESS_NOT_LINKED' } });
    for (const body of [{ amount: 0 }, { amount: 1.5 }, { amount: 10, source: 'escrow' }, {}])
      expect((await user.call('POST', '/wallet/withdrawals', body)).status).toBe(400);
    expect((await user.call<{ items: unknown[] }>('GET', '/wallet/withdrawals')).body.items).toEqual([]);
  });

  it('a withdrawal confirmed on the chain pays the linked address amount × rate and debits once', async () => {
    const { user, address } = await userWithAddress(10_000);
    const before = await chain.provider.getBalance(address);
    const key = `withdraw-${randomUUID()}`;
    const id = await withdraw(user, 2_500, key);
    // the same request again names the same withdrawal
    const again = await user.call<{ withdrawalId: string }>(
      'POST',
      '/wallet/withdrawals',
      { amount: 2_500 },
      { 'idempotency-key': key },
    );
    expect(again).toMatchObject({ status: 200, body: { withdrawalId: id } });
    const otherAmount = await user.call<{ code: string }>(
      'POST',
      '/wallet/withdrawals',
      { amount: 2_000 },
      { 'idempotency-key': key },
    );
    expect(otherAmount).toMatchObject({ status: 422, body: { code: 'WITHDRAWAL.IDEMPOTENCY_KEY_REUSED' } });

    const done = await until(user, id, ['SETTLED', 'FAILED']);
    expect(done).toMatchObject({
      status: 'SETTLED',
      amount: '2500',
      toAddress: address.toLowerCase(),
      code: null,
    });
    expect((await chain.provider.getBalance(address)) - before).toBe(2_500n * WEI_PER_MINOR);
    const receipt = await chain.provider.getTransactionReceipt(done.txHash ?? '');
    expect(receipt?.status).toBe(1);
    expect(receipt?.from.toLowerCase()).toBe(hotWallet.toLowerCase());

    expect(await walletOf(user)).toMatchObject({ balance: 7_500, held: 0 });
    expect(await linesOf(user, id)).toEqual(
      ['withdrawal_held available -2500', 'withdrawal_held held 2500', 'chain_withdrawal held -2500'].sort(),
    );
    expect(await entries(id, 'chain_withdrawal')).toBe(1);
    expect(await entries(id, 'withdrawal_released')).toBe(0);
    const list = (await user.call<{ items: WithdrawalView[] }>('GET', '/wallet/withdrawals')).body.items;
    expect(list[0]).toMatchObject({ withdrawalId: id, status: 'SETTLED', txHash: done.txHash });
    expect(await sagaOf(id)).toMatchObject({ status: 'COMPLETED' });
    await reconciled();
  });

  it('a transaction the node refuses (the hot wallet cannot pay it) compensates: every cent back, nothing sent', async () => {
    // 200 ETH at this rate: more than the hot wallet's 100 ETH
    const { user, address } = await userWithAddress(30_000);
    const id = await withdraw(user, 20_000);
    const done = await until(user, id, ['SETTLED', 'FAILED']);
    expect(done).toMatchObject({ status: 'FAILED', code: 'WALLET.CHAIN_REJECTED' });
    expect(done.reason).toMatch(/insufficient funds/i);
    await waitFor('the saga compensated', async () => (await sagaOf(id))?.status === 'COMPENSATED');
    expect(await chain.provider.getBalance(address)).toBe(0n);
    expect(await walletOf(user)).toMatchObject({ balance: 30_000, held: 0 });
    expect(await linesOf(user, id)).toEqual(
      [
        'withdrawal_held available -20000',
        'withdrawal_held held 20000',
        'withdrawal_released available 20000',
        'withdrawal_released held -20000',
      ].sort(),
    );
    expect(await entries(id, 'chain_withdrawal')).toBe(0);
    await reconciled();
  });

  it('a dropped transaction (lost by the node, its nonce taken by the replacement) compensates', async () => {
    const { user, address } = await userWithAddress(5_000);
    proxy.loseNextTransaction();
    const id = await withdraw(user, 1_000);
    await until(user, id, ['SENT', 'FAILED', 'SETTLED']);
    const done = await until(user, id, ['SETTLED', 'FAILED']);
    expect(done).toMatchObject({ status: 'FAILED', code: 'WALLET.CHAIN_DROPPED' });
    expect(proxy.lostCount).toBe(1);
    await waitFor('the saga compensated', async () => (await sagaOf(id))?.status === 'COMPENSATED');
    expect(await chain.provider.getBalance(address)).toBe(0n);
    expect(await chain.provider.getTransactionReceipt(done.txHash ?? '')).toBeNull();
    // the replacement: a 0-value transfer of the hot wallet to itself at the lost transaction's nonce
    const [row] = (
      await db('wallet').query(`SELECT nonce::text, replacement_tx_hash FROM withdrawals WHERE id = $1`, [id])
    ).rows as { nonce: string; replacement_tx_hash: string }[];
    const replacement = await chain.provider.getTransaction(row.replacement_tx_hash);
    expect(replacement).toMatchObject({ nonce: Number(row.nonce), value: 0n });
    expect(replacement?.to?.toLowerCase()).toBe(hotWallet.toLowerCase());
    expect(await walletOf(user)).toMatchObject({ balance: 5_000, held: 0 });
    expect(await entries(id, 'withdrawal_released')).toBe(1);
    expect(await entries(id, 'chain_withdrawal')).toBe(0);
    await reconciled();

    // the nonces are not stuck: the next withdrawal goes out
    const next = await withdraw(user, 500);
    expect(await until(user, next, ['SETTLED', 'FAILED'])).toMatchObject({ status: 'SETTLED' });
    expect(await chain.provider.getBalance(address)).toBe(500n * WEI_PER_MINOR);
    await reconciled();
  });

  it('the node down mid-withdrawal (before the send, and again while confirming) delays it; it still ends SETTLED', async () => {
    const { user, address } = await userWithAddress(5_000);
    stopMiner();
    const nonceBefore = await chain.provider.getTransactionCount(hotWallet);
    try {
      proxy.down = true;
      const id = await withdraw(user, 1_500);
      await sleep(8_000);
      expect(await withdrawalOf(user, id)).toMatchObject({ status: 'PENDING' });
      expect(await sagaOf(id)).toMatchObject({ status: 'RUNNING', step: 'send' });
      expect(await walletOf(user)).toMatchObject({ balance: 5_000, held: 1_500 });

      proxy.down = false;
      const sent = await until(user, id, ['SENT', 'CONFIRMED', 'SETTLED', 'FAILED'], 60_000);
      expect(sent.status).toBe('SENT'); // mined, one block deep: not enough with 2 confirmations
      proxy.down = true;
      await mine();
      await mine();
      await sleep(10_000);
      expect(await withdrawalOf(user, id)).toMatchObject({ status: 'SENT' });
      expect(await sagaOf(id)).toMatchObject({ status: 'RUNNING', step: 'confirm' });

      proxy.down = false;
      const done = await until(user, id, ['SETTLED', 'FAILED'], 90_000);
      expect(done).toMatchObject({ status: 'SETTLED', txHash: sent.txHash });
      expect(await chain.provider.getBalance(address)).toBe(1_500n * WEI_PER_MINOR);
      expect(await walletOf(user)).toMatchObject({ balance: 3_500, held: 0 });
      expect(await entries(id, 'chain_withdrawal')).toBe(1);
      // one transaction for the withdrawal, however many times the wallet was asked to send and confirm
      expect(await chain.provider.getTransactionCount(hotWallet)).toBe(nonceBefore + 1);
      const history = (
        await db('orchestrator').query(`SELECT type FROM saga_events WHERE saga_id = $1`, [id])
      ).rows.map((r: { type: string }) => r.type);
      expect(history).not.toContain('StepFailed');
      expect(history).not.toContain('CompensationStarted');
      await reconciled();
    } finally {
      proxy.down = false;
      startMiner();
    }
  });
});
