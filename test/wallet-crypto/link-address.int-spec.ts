import { INestApplication } from '@nestjs/common';
import { Wallet } from 'ethers';
import { createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { ChainUnavailableError } from '../../apps/wallet/src/wallet/domain/chain-balance.port';
import { EthersChainBalanceAdapter } from '../../apps/wallet/src/wallet/infrastructure/ethers-chain-balance.adapter';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, uniqueId } from '../support/env';
import { Chain, Challenge, link, RPC_URL } from './chain';

/** Linking Ethereum addresses (EIP-191) and on-chain balance, against real ganache and PostgreSQL. */
describe('wallet: linked Ethereum addresses (real ganache, PostgreSQL)', () => {
  let wallet: INestApplication;
  const chain = new Chain();

  beforeAll(async () => {
    await chain.up();
    wallet = await startInProcess(WalletApp);
  });
  afterAll(async () => {
    await wallet?.close();
    chain.destroy();
    await closePools();
  });

  const http = () => request(wallet.getHttpServer());

  async function openWallet(deposit = 0): Promise<string> {
    const userId = uniqueId('cw');
    await http().post('/wallets').send({ userId }).expect(201);
    if (deposit > 0) await http().post(`/wallets/${userId}/deposits`).send({ amount: deposit }).expect(201);
    return userId;
  }

  const linkedRows = async (address: string) =>
    (
      await db('wallet').query('SELECT user_id, display_address FROM linked_addresses WHERE address = $1', [
        address.toLowerCase(),
      ])
    ).rows;

  it('issues a single-use challenge naming Gavel, the user, the nonce and a 10-minute expiry', async () => {
    const userId = await openWallet();
    const before = Date.now();
    const res = await http().post(`/wallets/${userId}/addresses/challenge`).expect(201);
    const challenge: Challenge = res.body;
    expect(challenge.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(challenge.message).toContain('Gavel');
    expect(challenge.message).toContain(userId);
    expect(challenge.message).toContain(challenge.nonce);
    expect(challenge.message).toContain(challenge.expiresAt);
    const ttl = Date.parse(challenge.expiresAt) - before;
    expect(ttl).toBeGreaterThan(9.9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 1_000);
    const [row] = (
      await db('wallet').query('SELECT user_id, message, used_at FROM address_challenges WHERE nonce = $1', [
        challenge.nonce,
      ])
    ).rows;
    expect(row).toEqual({ user_id: userId, message: challenge.message, used_at: null });
    expect(
      (
        await http()
          .post(`/wallets/${uniqueId('ghost')}/addresses/challenge`)
          .expect(404)
      ).body.code,
    ).toBe('WALLET.NOT_FOUND');
  });

  it('links an address whose key signed the challenge (personal_sign, any checksum case) and lists it', async () => {
    const userId = await openWallet();
    const key = Wallet.createRandom();
    const challenge: Challenge = (await http().post(`/wallets/${userId}/addresses/challenge`).expect(201))
      .body;
    const signature = await key.signMessage(challenge.message);
    const res = await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: key.address.toLowerCase(), signature })
      .expect(201);
    expect(res.body).toEqual({ address: key.address, verifiedAt: expect.any(String) });
    expect(Math.abs(Date.parse(res.body.verifiedAt) - Date.now())).toBeLessThan(10_000);
    expect(await linkedRows(key.address)).toEqual([{ user_id: userId, display_address: key.address }]);
    const list = await http().get(`/wallets/${userId}/addresses`).expect(200);
    expect(list.body).toEqual({ items: [{ address: key.address, verifiedAt: res.body.verifiedAt }] });

    // The nonce is single use: the same signature again is refused and nothing changes.
    const replay = await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: key.address, signature, nonce: challenge.nonce });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({
      code: 'WALLET.CHALLENGE_EXPIRED',
      correlationId: expect.any(String),
    });
    const again = await http().post(`/wallets/${userId}/addresses`).send({ address: key.address, signature });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('WALLET.CHALLENGE_EXPIRED');
  });

  it('accepts a signature made by the Ethereum node itself (eth_sign, EIP-191)', async () => {
    const userId = await openWallet();
    const key = Wallet.createRandom();
    const res = await link(http, userId, key, (message) => chain.nodeSign(key, message));
    expect(res.status).toBe(201);
    expect(res.body.address).toBe(key.address);
  });

  it('refuses a wrong signature with 400 WALLET.BAD_SIGNATURE and links nothing', async () => {
    const userId = await openWallet();
    const owner = Wallet.createRandom();
    const impostor = Wallet.createRandom();
    const challenge: Challenge = (await http().post(`/wallets/${userId}/addresses/challenge`).expect(201))
      .body;
    const cases = [
      await impostor.signMessage(challenge.message),
      await owner.signMessage(challenge.message.replace(challenge.nonce, 'f'.repeat(32))),
      `0x${'ab'.repeat(65)}`,
    ];
    for (const signature of cases) {
      const res = await http()
        .post(`/wallets/${userId}/addresses`)
        .send({ address: owner.address, signature });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WALLET.BAD_SIGNATURE');
    }
    expect(await linkedRows(owner.address)).toEqual([]);
    const bad = await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: 'not-an-address', signature: cases[0] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('REQUEST.INVALID');
    // The challenge was not consumed by the failures: the owner can still use it.
    await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: owner.address, signature: await owner.signMessage(challenge.message) })
      .expect(201);
  });

  it('refuses an expired challenge with 400 WALLET.CHALLENGE_EXPIRED', async () => {
    const userId = await openWallet();
    const key = Wallet.createRandom();
    process.env.GAVEL_ADDRESS_CHALLENGE_TTL_MS = '300';
    let challenge: Challenge;
    try {
      challenge = (await http().post(`/wallets/${userId}/addresses/challenge`).expect(201)).body;
    } finally {
      delete process.env.GAVEL_ADDRESS_CHALLENGE_TTL_MS;
    }
    await sleep(500);
    const res = await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: key.address, signature: await key.signMessage(challenge.message) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WALLET.CHALLENGE_EXPIRED');
    expect(await linkedRows(key.address)).toEqual([]);
    const unknown = await http()
      .post(`/wallets/${userId}/addresses`)
      .send({ address: key.address, signature: await key.signMessage('x'), nonce: 'a'.repeat(32) });
    expect(unknown.body.code).toBe('WALLET.CHALLENGE_EXPIRED');
  });

  it('refuses another user’s address (409 WALLET.ADDRESS_TAKEN); its owner relinking it is a no-op', async () => {
    const [first, second] = [await openWallet(), await openWallet()];
    const key = Wallet.createRandom();
    const linked = await link(http, first, key);
    expect(linked.status).toBe(201);
    const taken = await link(http, second, key);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('WALLET.ADDRESS_TAKEN');
    const relinked = await link(http, first, key);
    expect(relinked.status).toBe(200);
    expect(relinked.body).toEqual(linked.body);
    expect(await linkedRows(key.address)).toEqual([{ user_id: first, display_address: key.address }]);
    expect((await http().get(`/wallets/${second}/addresses`).expect(200)).body).toEqual({ items: [] });
  });

  it('adds the verified on-chain balance to spendable (10^13 wei per cent)', async () => {
    const userId = await openWallet(2_500);
    expect((await http().get(`/wallets/${userId}`).expect(200)).body).toEqual({
      userId,
      currency: 'USD',
      balance: 2500,
      held: 0,
      onChain: 0,
      chain: 'none',
      spendable: 2500,
      proceeds: 0,
    });
    const [a, b] = [Wallet.createRandom(), Wallet.createRandom()];
    expect(await chain.fund(a.address, '0.0123')).toBe(123n * 10n ** 14n);
    await chain.fund(b.address, '0.00000999');
    expect((await link(http, userId, a)).status).toBe(201);
    expect((await link(http, userId, b)).status).toBe(201);
    // 0.0123 ETH + 0.00000999 ETH = 12,309,990,000,000,000 wei → 1,230 cents (rounded down).
    expect((await http().get(`/wallets/${userId}`).expect(200)).body).toMatchObject({
      balance: 2500,
      held: 0,
      onChain: 1230,
      chain: 'ok',
      spendable: 3730,
    });
  });

  it('gives up on a node that accepts connections but never answers within the ~1.5 s timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const adapter = new EthersChainBalanceAdapter(`http://127.0.0.1:${port}`, 1337, 1500);
    const started = Date.now();
    try {
      await expect(adapter.balanceOf(Wallet.createRandom().address)).rejects.toBeInstanceOf(
        ChainUnavailableError,
      );
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1_400);
      expect(took).toBeLessThan(2_000);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      adapter.destroy();
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
    // The real node answers the same adapter call quickly.
    const live = new EthersChainBalanceAdapter(RPC_URL, 1337, 1500);
    await expect(live.balanceOf(Wallet.createRandom().address)).resolves.toBe(0n);
    live.destroy();
  });
});
