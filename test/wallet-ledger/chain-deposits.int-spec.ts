import { INestApplication } from '@nestjs/common';
import { Mnemonic, randomBytes, toBeHex } from 'ethers';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { GetDepositAddressCommand } from '../../apps/wallet/src/wallet/application/get-deposit-address/get-deposit-address.command';
import { GetDepositAddressHandler } from '../../apps/wallet/src/wallet/application/get-deposit-address/get-deposit-address.handler';
import { runLedgerReconciliation } from '../../apps/wallet/src/wallet/application/reconcile-ledger/reconcile-ledger';
import {
  ChainDepositScanner,
  ScanOutcome,
} from '../../apps/wallet/src/wallet/application/watch-chain-deposits/chain-deposit-scanner';
import { chainConfig, DepositConfig } from '../../apps/wallet/src/wallet/infrastructure/chain.config';
import { JsonRpcBlocksAdapter } from '../../apps/wallet/src/wallet/infrastructure/chain/json-rpc-blocks.adapter';
import { depositAddress } from '../../apps/wallet/src/wallet/infrastructure/chain/platform-keys';
import { FundsRepository } from '../../apps/wallet/src/wallet/infrastructure/funds.repository';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { startGateway, testJwt } from '../gateway/gateway-harness';
import { Chain, RPC_URL } from '../wallet-crypto/chain';
import { dropSchema, walletSchema } from './support';

/**
 * Deposits from the chain on a real PostgreSQL and the stack's ganache (instant mining: one block per
 * transaction). Part 1 drives the watcher's scanner by hand on a schema of its own, so it decides when
 * blocks are scanned: confirmations, a restart (a new scanner), a replayed block range, two replicas at
 * once and a history that changed below the cursor each leave exactly one credit per transaction, and
 * the ledger reconciles. Part 2 runs the wallet service in process with its watcher, over HTTP and
 * through the gateway, and restarts it after moving the cursor back.
 */
const CHAIN_ID = Number(process.env.GAVEL_ETH_CHAIN_ID ?? 1337);
const RATE = 10n ** 13n; // wei per cent: 1 ETH = 100,000 minor units
/** A deterministic ganache account of these suites alone (wallet-crypto funds from account 7). */
const SENDER_INDEX = 8;

const chain = new Chain();
// one provider for both suites below: the first must not destroy it before the second runs
afterAll(() => chain.destroy());

async function send(to: string, wei: bigint): Promise<{ txHash: string; block: number; from: string }> {
  const accounts: string[] = await chain.provider.send('eth_accounts', []);
  const from = accounts[SENDER_INDEX].toLowerCase();
  const txHash: string = await chain.provider.send('eth_sendTransaction', [
    { from, to, value: toBeHex(wei) },
  ]);
  const receipt = await waitFor('the receipt', () =>
    chain.provider.getTransactionReceipt(txHash).then((r) => r ?? undefined),
  );
  return { txHash: txHash.toLowerCase(), block: receipt.blockNumber, from };
}

/** Scans until nothing confirmed is left (or another scanner holds the cursor). */
async function drain(scanner: ChainDepositScanner): Promise<ScanOutcome[]> {
  const outcomes: ScanOutcome[] = [];
  for (let i = 0; i < 10_000; i++) {
    const outcome = await scanner.scanOnce();
    outcomes.push(outcome);
    if (outcome.kind === 'idle' || outcome.kind === 'busy') return outcomes;
  }
  throw new Error('the scanner never caught up with the chain');
}

describe('chain deposits: the scanner on PostgreSQL and ganache', () => {
  const schema = `chain_deposits_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const mnemonic = Mnemonic.fromEntropy(randomBytes(16)).phrase; // this run's own platform key
  const config: DepositConfig = {
    ...chainConfig().deposits,
    mnemonic,
    confirmations: 2,
    weiPerMinorUnit: RATE,
    scanBlocks: 3,
    startBlock: undefined,
    reorgRewind: 8,
  };
  const userId = uniqueId('chain-dep');
  let ds: DataSource;
  let node: JsonRpcBlocksAdapter;
  let scanner: ChainDepositScanner;
  let address: string;
  const sent: { txHash: string; block: number; from: string; wei: bigint }[] = [];

  const newScanner = () => new ChainDepositScanner(ds, node, CHAIN_ID, config);
  const rows = async () =>
    (await ds.query(
      `SELECT tx_hash, block_number::int AS block, amount::text, remainder_wei::text AS remainder,
              value_wei::text AS wei, entry_id FROM chain_deposits WHERE user_id = $1 ORDER BY block_number`,
      [userId],
    )) as {
      tx_hash: string;
      block: number;
      amount: string;
      remainder: string;
      wei: string;
      entry_id: string | null;
    }[];
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await ds.query(sql, params))[0].n);
  const credits = () =>
    count(`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'chain_deposit' AND cause_id LIKE $1`, [
      `chain-deposit:${CHAIN_ID}:%`,
    ]);
  const events = () =>
    count(`SELECT count(*) AS n FROM outbox WHERE type = 'DepositCredited' AND aggregateid = $1`, [userId]);
  const balance = async () =>
    (await ds.query(`SELECT balance::text FROM wallet_accounts WHERE user_id = $1`, [userId]))[0]
      .balance as string;
  const cursor = async () =>
    Number(
      (await ds.query(`SELECT block_number FROM chain_cursors WHERE chain_id = $1`, [CHAIN_ID]))[0]
        .block_number,
    );

  /** Exactly one record per transaction sent, two credits (the dust is recorded, not credited). */
  async function expectCreditedOnce(): Promise<void> {
    expect((await rows()).map((r) => r.tx_hash)).toEqual(sent.map((s) => s.txHash));
    expect(await credits()).toBe(2);
    expect(await events()).toBe(2);
    expect(await balance()).toBe('50002');
  }

  beforeAll(async () => {
    await chain.up();
    ds = await walletSchema(schema);
    node = new JsonRpcBlocksAdapter(RPC_URL, CHAIN_ID, 5_000);
    scanner = newScanner();
    await FundsRepository.openAccount(ds.manager, userId, 'USD');
  });
  afterAll(async () => {
    node?.destroy();
    if (ds) await dropSchema(ds, schema);
    await closePools();
  });

  it('hands out a deposit address only once the chain is watched, the same one every time', async () => {
    const handler = new GetDepositAddressHandler(ds, {
      ...chainConfig(),
      chainId: CHAIN_ID,
      deposits: config,
    });
    await expect(handler.execute(new GetDepositAddressCommand(userId))).rejects.toMatchObject({
      response: { code: 'WALLET.DEPOSITS_NOT_WATCHED' },
    });
    const [first] = await drain(scanner);
    expect(first).toMatchObject({ kind: 'started' });
    const view = await handler.execute(new GetDepositAddressCommand(userId));
    expect(view).toMatchObject({
      chainId: CHAIN_ID,
      confirmations: 2,
      weiPerMinorUnit: RATE.toString(),
      currency: 'USD',
    });
    const [{ derivation_index: index }] = await ds.query(
      `SELECT derivation_index FROM deposit_addresses WHERE user_id = $1`,
      [userId],
    );
    expect(view.address).toBe(depositAddress(index, mnemonic));
    expect((await handler.execute(new GetDepositAddressCommand(userId))).address).toBe(view.address);
    address = view.address;
  });

  it('credits a deposit once its block has the confirmations, rounding down and stating the rate', async () => {
    sent.push({ ...(await send(address, 5n * 10n ** 17n)), wei: 5n * 10n ** 17n }); // 0.5 ETH = 50,000
    sent.push({ ...(await send(address, 255n * 10n ** 11n)), wei: 255n * 10n ** 11n }); // 2 cents + 0.55
    sent.push({ ...(await send(address, 5n * 10n ** 12n)), wei: 5n * 10n ** 12n }); // half a cent: dust
    const outcomes = await drain(scanner);
    const last = outcomes[outcomes.length - 1] as Extract<ScanOutcome, { kind: 'idle' }>;
    expect(last.kind).toBe('idle');
    // nothing is recorded before its block has 2 confirmations: block ≤ head − 1
    for (const r of await rows()) expect(r.block).toBeLessThanOrEqual(last.head - 1);
    if (last.head === sent[2].block)
      expect((await rows()).map((r) => r.tx_hash)).not.toContain(sent[2].txHash);

    await chain.provider.send('evm_mine', []);
    await drain(scanner);
    const recorded = await rows();
    expect(recorded).toEqual([
      expect.objectContaining({
        tx_hash: sent[0].txHash,
        amount: '50000',
        remainder: '0',
        wei: '500000000000000000',
      }),
      expect.objectContaining({ tx_hash: sent[1].txHash, amount: '2', remainder: '5500000000000' }),
      expect.objectContaining({
        tx_hash: sent[2].txHash,
        amount: '0',
        remainder: '5000000000000',
        entry_id: null,
      }),
    ]);
    await expectCreditedOnce();

    const [entry] = await ds.query(
      `SELECT e.kind, e.cause_id, e.details FROM ledger_entries e WHERE e.id = $1`,
      [recorded[0].entry_id],
    );
    expect(entry).toMatchObject({
      kind: 'chain_deposit',
      cause_id: `chain-deposit:${CHAIN_ID}:${sent[0].txHash}`,
      details: {
        chainId: String(CHAIN_ID),
        txHash: sent[0].txHash,
        blockNumber: String(sent[0].block),
        from: sent[0].from,
        to: address.toLowerCase(),
        valueWei: '500000000000000000',
        weiPerMinorUnit: RATE.toString(),
        amount: '50000',
        remainderWei: '0',
      },
    });
    const postings = await ds.query(
      `SELECT account_type, owner_id, amount::text FROM ledger_postings WHERE entry_id = $1 ORDER BY amount`,
      [recorded[0].entry_id],
    );
    expect(postings).toEqual([
      { account_type: 'chain_clearing', owner_id: '', amount: '-50000' },
      { account_type: 'available', owner_id: userId, amount: '50000' },
    ]);
    const [event] = await ds.query(
      `SELECT payload FROM outbox WHERE type = 'DepositCredited' AND aggregateid = $1 ORDER BY created_at LIMIT 1`,
      [userId],
    );
    expect(event.payload).toMatchObject({
      type: 'DepositCredited',
      data: {
        userId,
        txHash: sent[0].txHash,
        amount: '50000',
        weiPerMinorUnit: RATE.toString(),
        currency: 'USD',
      },
    });
  });

  it('credits once despite a watcher restart and a replayed block range', async () => {
    // a restart: a new scanner and a new connection to the node, nothing kept in memory
    node.destroy();
    node = new JsonRpcBlocksAdapter(RPC_URL, CHAIN_ID, 5_000);
    scanner = newScanner();
    await drain(scanner);
    await expectCreditedOnce();

    // the range of all three deposits scanned again (an operator moved the cursor back)
    const before = await cursor();
    await ds.query(`UPDATE chain_cursors SET block_number = $2, block_hash = NULL WHERE chain_id = $1`, [
      CHAIN_ID,
      sent[0].block - 1,
    ]);
    const replay = await drain(scanner);
    expect(replay.filter((o) => o.kind === 'scanned').length).toBeGreaterThan(0);
    expect(await cursor()).toBeGreaterThanOrEqual(before);
    await expectCreditedOnce();
  });

  it('lets one of two replicas scan at a time, and still credits once', async () => {
    await ds.query(`UPDATE chain_cursors SET block_number = $2, block_hash = NULL WHERE chain_id = $1`, [
      CHAIN_ID,
      sent[0].block - 1,
    ]);
    await Promise.all([drain(newScanner()), drain(newScanner())]);
    await drain(scanner); // whichever stopped on 'busy' left the rest
    await expectCreditedOnce();
  });

  it('scans again from an earlier block when the history below the cursor changed, crediting nothing twice', async () => {
    const at = await cursor();
    // the node no longer has the block the cursor stands on: as after a reorganisation deeper than N
    await ds.query(`UPDATE chain_cursors SET block_hash = $2 WHERE chain_id = $1`, [
      CHAIN_ID,
      `0x${'0'.repeat(64)}`,
    ]);
    await chain.provider.send('evm_mine', []);
    await chain.provider.send('evm_mine', []);
    const outcomes = await drain(scanner);
    expect(outcomes[0]).toMatchObject({
      kind: 'rewound',
      from: at,
      cursor: Math.max(-1, at - config.reorgRewind),
    });
    expect(outcomes[outcomes.length - 1]).toMatchObject({ kind: 'idle' });
    await expectCreditedOnce();
  });

  it('reconciles: chain deposits are money in, chain_clearing mirrors them', async () => {
    const report = await runLedgerReconciliation(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.differences).toEqual([]);
    expect(report.accounts.chain_clearing).toBe('-50002');
  });
});

describe('chain deposits: the wallet service with its watcher, over HTTP and the gateway', () => {
  let wallet: INestApplication;
  let gateway: INestApplication;
  const userId = uniqueId('chain-dep-http');
  const saved = { ...process.env };
  const token = testJwt.sign({ sub: userId, roles: ['buyer'] });
  const http = () => request(wallet.getHttpServer());
  const viaGateway = (path: string) =>
    request(gateway.getHttpServer()).get(path).set('authorization', `Bearer ${token}`);

  async function startWallet(): Promise<void> {
    wallet = await startInProcess(WalletApp);
    await wallet.listen(0, '127.0.0.1');
  }

  beforeAll(async () => {
    await chain.up();
    // the stack's key when scripts/secrets.sh exported it, else one of this run's (the watcher finds
    // deposits by the addresses stored, whichever key derived them)
    process.env.GAVEL_CHAIN_MNEMONIC ||= Mnemonic.fromEntropy(randomBytes(16)).phrase;
    process.env.GAVEL_CHAIN_CONFIRMATIONS = '1';
    process.env.GAVEL_CHAIN_POLL_MS = '200';
    process.env.GAVEL_CHAIN_WEI_PER_MINOR_UNIT = RATE.toString();
    delete process.env.GAVEL_CHAIN_WATCHER;
    await startWallet();
    gateway = await startGateway({
      GAVEL_WALLET_URL: `http://127.0.0.1:${(wallet.getHttpServer().address() as AddressInfo).port}`,
    });
    await http().post('/wallets').send({ userId }).expect(201);
  });
  afterAll(async () => {
    await gateway?.close();
    await wallet?.close();
    process.env = saved;
    await closePools();
  });

  const entriesOf = async (txHash: string): Promise<number> =>
    (
      await db('wallet').query(`SELECT count(*)::int AS n FROM ledger_entries WHERE cause_id = $1`, [
        `chain-deposit:${CHAIN_ID}:${txHash}`,
      ])
    ).rows[0].n;

  it('credits ether sent to the address the gateway hands out once, also after a restart that replays its block', async () => {
    // 503 WALLET.DEPOSITS_NOT_WATCHED until the watcher has a cursor on this chain (its first scan)
    const first = await waitFor(
      'a deposit address',
      async () => {
        const res = await viaGateway('/wallet/deposit-address');
        if (res.status === 503) expect(res.body.code).toBe('WALLET.DEPOSITS_NOT_WATCHED');
        return res.status === 200 && res.body;
      },
      60_000,
      250,
    );
    expect(first).toMatchObject({
      chainId: CHAIN_ID,
      confirmations: 1,
      weiPerMinorUnit: RATE.toString(),
      currency: 'USD',
    });
    expect(first.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect((await viaGateway('/wallet/deposit-address').expect(200)).body.address).toBe(first.address);

    const deposit = await send(first.address, 10n ** 16n); // 0.01 ETH = 1,000 minor units
    const listed = await waitFor(
      'the deposit credited',
      async () => {
        const res = await viaGateway('/wallet/chain-deposits').expect(200);
        return res.body.items.length > 0 && res.body;
      },
      120_000,
      250,
    );
    expect(listed).toMatchObject({
      currency: 'USD',
      items: [
        { txHash: deposit.txHash, blockNumber: deposit.block, amount: 1000, valueWei: '10000000000000000' },
      ],
    });
    expect((await http().get(`/wallets/${userId}`).expect(200)).body).toMatchObject({ balance: 1000 });

    // restart with the cursor moved back before the deposit's block: the block is scanned again
    await gateway.close();
    await wallet.close();
    await db('wallet').query(
      `UPDATE chain_cursors SET block_number = LEAST(block_number, $2), block_hash = NULL WHERE chain_id = $1`,
      [CHAIN_ID, deposit.block - 1],
    );
    await startWallet();
    gateway = await startGateway({
      GAVEL_WALLET_URL: `http://127.0.0.1:${(wallet.getHttpServer().address() as AddressInfo).port}`,
    });
    await waitFor(
      'the watcher past the deposit again',
      async () =>
        Number(
          (await db('wallet').query(`SELECT block_number FROM chain_cursors WHERE chain_id = $1`, [CHAIN_ID]))
            .rows[0].block_number,
        ) >= deposit.block,
      120_000,
      250,
    );
    expect(await entriesOf(deposit.txHash)).toBe(1);
    expect((await viaGateway('/wallet/chain-deposits').expect(200)).body.items).toHaveLength(1);
    expect((await http().get(`/wallets/${userId}`).expect(200)).body).toMatchObject({ balance: 1000 });
    const statement = (await viaGateway('/wallet/ledger').expect(200)).body;
    expect(statement.items).toEqual([
      expect.objectContaining({ kind: 'chain_deposit', account: 'available', amount: 1000 }),
    ]);

    const reconciliation = await http()
      .get('/ledger/reconciliation')
      .set('x-gavel-role', 'admin')
      .expect(200);
    expect(reconciliation.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
  });

  it('serves the watcher’s metrics', async () => {
    const metrics = (await http().get('/metrics').expect(200)).text;
    // values only where this process's watcher scanned (another wallet on the stack may hold the cursor)
    for (const name of [
      'gavel_chain_deposit_cursor_block',
      'gavel_chain_head_block',
      'gavel_chain_deposit_lag_blocks',
      'gavel_chain_deposits_credited_total',
      'gavel_chain_watcher_failures_total',
    ])
      expect(metrics).toContain(`# TYPE ${name} `);
  });
});
