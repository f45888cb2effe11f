import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrderSagaMessages as M } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { InitWallet1732300000000 } from '../../apps/wallet/src/database/migrations/1732300000000-init-wallet';
import { WalletHolds1732300000200 } from '../../apps/wallet/src/database/migrations/1732300000200-wallet-holds';
import { WalletCrypto1732300000300 } from '../../apps/wallet/src/database/migrations/1732300000300-wallet-crypto';
import { CaptureHoldHandler } from '../../apps/wallet/src/wallet/application/capture-hold/capture-hold.handler';
import { ConfirmHoldHandler } from '../../apps/wallet/src/wallet/application/confirm-hold/confirm-hold.handler';
import { ListLedgerHandler } from '../../apps/wallet/src/wallet/application/list-ledger/list-ledger.handler';
import { ListLedgerQuery } from '../../apps/wallet/src/wallet/application/list-ledger/list-ledger.query';
import { OnChainValue } from '../../apps/wallet/src/wallet/application/on-chain-value/on-chain-value.service';
import { PlaceHoldHandler } from '../../apps/wallet/src/wallet/application/place-hold/place-hold.handler';
import { runLedgerReconciliation } from '../../apps/wallet/src/wallet/application/reconcile-ledger/reconcile-ledger';
import { RefundEscrowHandler } from '../../apps/wallet/src/wallet/application/refund-escrow/refund-escrow.handler';
import { ReleaseEscrowToSellerHandler } from '../../apps/wallet/src/wallet/application/release-escrow-to-seller/release-escrow-to-seller.handler';
import { ReleaseHoldHandler } from '../../apps/wallet/src/wallet/application/release-hold/release-hold.handler';
import { ReverseEscrowReleaseHandler } from '../../apps/wallet/src/wallet/application/reverse-escrow-release/reverse-escrow-release.handler';
import { TopUpCommand } from '../../apps/wallet/src/wallet/application/top-up/top-up.command';
import { TopUpHandler } from '../../apps/wallet/src/wallet/application/top-up/top-up.handler';
import { command, dropSchema, walletSchema } from './support';

/**
 * The ledger on real PostgreSQL, without Kafka: the migration's opening entry on a database that had
 * money before the ledger, every wallet handler run in its own transaction as the command consumer
 * runs it, and the journal's guards (append-only, balanced, one entry per cause). Each run works in a
 * schema of its own and drops it.
 */
const LEGACY = [InitWallet1732300000000, WalletHolds1732300000200, WalletCrypto1732300000300];
const noChain = { of: async () => ({ kind: 'none' }) } as unknown as OnChainValue;

describe('wallet ledger on PostgreSQL (handlers in process)', () => {
  const schema = `wallet_ledger_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let ds: DataSource;
  const handlers = {
    place: new PlaceHoldHandler(noChain),
    release: new ReleaseHoldHandler(),
    capture: new CaptureHoldHandler(),
    confirm: new ConfirmHoldHandler(),
    payout: new ReleaseEscrowToSellerHandler({ currency: 'USD', platformFeeBps: 500 }),
    reversePayout: new ReverseEscrowReleaseHandler(),
    refund: new RefundEscrowHandler(),
  };

  const run = <T>(handler: CommandHandler<T>, cmd: ParticipantCommand<T>): Promise<ParticipantReply> =>
    ds.transaction((m) => handler.handle(m, cmd));
  const topUp = (userId: string, amount: number, key?: string) =>
    new TopUpHandler(ds).execute(new TopUpCommand(userId, amount, key));
  const account = async (userId: string) =>
    (await ds.query(`SELECT balance, held, proceeds FROM wallet_accounts WHERE user_id = $1`, [userId]))[0];
  const entries = async (): Promise<number> =>
    Number((await ds.query(`SELECT count(*) AS n FROM ledger_entries`))[0].n);
  const expectReconciled = async () => {
    const report = await runLedgerReconciliation(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.differences).toEqual([]);
    return report;
  };
  const place = async (userId: string, amount: string, reference = `order:${randomUUID()}`) => {
    const reply = await run(handlers.place, command(M.wallet.placeHold, { userId, amount, reference }));
    expect(reply.outcome).toBe('success');
    return (reply.data as { holdId: string }).holdId;
  };

  beforeAll(async () => {
    // A wallet as it was before the ledger: deposits, holds (one backed by on-chain value) and a capture.
    const legacy = await walletSchema(schema, LEGACY);
    await legacy.query(`
      INSERT INTO wallet_accounts (user_id, currency, balance, held) VALUES ('old-1', 'USD', 1000, 300), ('old-2', 'USD', 0, 500);
      INSERT INTO deposits (id, user_id, amount, currency, balance_after) VALUES
        (gen_random_uuid(), 'old-1', 1700, 'USD', 1700);
      INSERT INTO holds (id, user_id, amount, reference, status, command_id) VALUES
        ('00000000-0000-4000-8000-000000000001', 'old-1', 300, 'bid:a', 'ACTIVE', 'c1'),
        ('00000000-0000-4000-8000-000000000002', 'old-2', 500, 'bid:b', 'ACTIVE', 'c2'),
        ('00000000-0000-4000-8000-000000000003', 'old-1', 700, 'order:o', 'CAPTURED', 'c3');
      INSERT INTO captures (id, hold_id, user_id, amount, reference, command_id) VALUES
        ('00000000-0000-4000-8000-0000000000c3', '00000000-0000-4000-8000-000000000003', 'old-1', 700, 'order:o', 'c4');`);
    await legacy.destroy();
    ds = await walletSchema(schema);
  });
  afterAll(async () => {
    if (ds?.isInitialized) await dropSchema(ds, schema);
  });

  it('opens the journal with what the wallet held before it, and reconciles', async () => {
    const report = await expectReconciled();
    expect(report.entries).toBe(1);
    expect(report.accounts).toMatchObject({
      available: '200', // old-1: 1000 − 300; old-2: 0 − 500 (held against on-chain value)
      held: '800',
      escrow: '700',
      external: '-1700',
    });
  });

  it('captures the legacy escrow later: a capture made before the ledger can still be paid out', async () => {
    const reply = await run(
      handlers.payout,
      command(M.wallet.releaseEscrowToSeller, {
        holdId: '00000000-0000-4000-8000-000000000003',
        sellerId: 'old-seller',
        reference: 'order:o',
      }),
    );
    expect(reply).toMatchObject({ outcome: 'success', data: { fee: '35', payout: '665' } });
    await expectReconciled();
  });

  it('walks top-up → hold → capture → escrow → payout, reversal, refund with money conserved', async () => {
    const buyer = `buyer-${randomUUID()}`;
    const seller = `seller-${randomUUID()}`;
    await ds.query(`INSERT INTO wallet_accounts (user_id, currency) VALUES ($1, 'USD')`, [buyer]);
    await topUp(buyer, 10_000, 'key-1');
    const before = await entries();
    await topUp(buyer, 10_000, 'key-1'); // a retried request: the first deposit, no second entry
    expect(await entries()).toBe(before);

    const holdId = await place(buyer, '1999', 'order:sale');
    expect(await account(buyer)).toEqual({ balance: '10000', held: '1999', proceeds: '0' });
    await run(handlers.capture, command(M.wallet.captureHold, { holdId, reference: 'order:sale' }));
    expect(await account(buyer)).toEqual({ balance: '8001', held: '0', proceeds: '0' });

    const payout = command(M.wallet.releaseEscrowToSeller, {
      holdId,
      sellerId: seller,
      reference: 'order:sale',
    });
    expect(await run(handlers.payout, payout)).toMatchObject({
      type: M.wallet.escrowReleased,
      data: { amount: '1999', feeBps: 500, fee: '99', payout: '1900', currency: 'USD' },
    });
    expect(await account(seller)).toEqual({ balance: '0', held: '0', proceeds: '1900' });
    const paid = await entries();
    // Another command paying the same seller answers the first payout and posts nothing.
    const again = await run(
      handlers.payout,
      command(M.wallet.releaseEscrowToSeller, { holdId, sellerId: seller, reference: 'order:sale' }),
    );
    expect(again).toMatchObject({ outcome: 'success', data: { fee: '99', payout: '1900' } });
    expect(await entries()).toBe(paid);
    // A refund of a paid-out escrow is refused until the payout is reversed.
    const refund = () =>
      run(handlers.refund, command(M.wallet.refundEscrow, { holdId, reference: 'order:sale' }));
    expect(await refund()).toMatchObject({ outcome: 'failure', code: 'WALLET.ESCROW_SETTLED' });
    await expectReconciled();

    const reversal = command(
      M.wallet.reverseEscrowRelease,
      { forwardCommandId: payout.metadata.commandId },
      { phase: 'compensation' },
    );
    expect(await run(handlers.reversePayout, reversal)).toMatchObject({ data: { holdId, reversed: true } });
    expect(await account(seller)).toEqual({ balance: '0', held: '0', proceeds: '0' });
    expect(await refund()).toMatchObject({ type: M.wallet.escrowRefunded, data: { amount: '1999' } });
    expect(await account(buyer)).toEqual({ balance: '10000', held: '0', proceeds: '0' });
    const report = await expectReconciled();
    expect(report.checks.find((c) => c.name.startsWith('escrow ='))).toMatchObject({ ok: true });

    // What each of them sees: their postings, newest first.
    const statement = async (userId: string) =>
      (await new ListLedgerHandler(ds).execute(new ListLedgerQuery(userId, 50, 0))).items.map(
        (i) => `${i.kind} ${i.account} ${i.amount}`,
      );
    expect(await statement(buyer)).toEqual([
      'escrow_refunded available 1999',
      'hold_captured held -1999',
      'hold_placed available -1999',
      'hold_placed held 1999',
      'top_up available 10000',
    ]);
    expect(await statement(seller)).toEqual([
      'escrow_payout_reversed proceeds -1900',
      'escrow_paid_out proceeds 1900',
    ]);
  });

  it('releases holds and the surplus of merged holds back to available', async () => {
    const buyer = `merge-${randomUUID()}`;
    await ds.query(`INSERT INTO wallet_accounts (user_id, currency) VALUES ($1, 'USD')`, [buyer]);
    await topUp(buyer, 5_000);
    const first = await place(buyer, '1000');
    const second = await place(buyer, '1500');
    const dropped = command(M.wallet.placeHold, { userId: buyer, amount: '100', reference: 'bid:x' });
    await run(handlers.place, dropped);
    await run(
      handlers.release,
      command(
        M.wallet.releaseHold,
        { forwardCommandId: dropped.metadata.commandId },
        { phase: 'compensation' },
      ),
    );
    const confirmed = await run(
      handlers.confirm,
      command(M.wallet.confirmHold, {
        holdId: first,
        userId: buyer,
        amount: '2200',
        reference: 'order:won',
        mergeHoldIds: [second],
      }),
    );
    expect(confirmed.outcome).toBe('success');
    expect(await account(buyer)).toEqual({ balance: '5000', held: '2200', proceeds: '0' });
    await expectReconciled();
  });

  it('refuses a second entry for the same command, even if the command log were bypassed', async () => {
    const buyer = `twice-${randomUUID()}`;
    await ds.query(`INSERT INTO wallet_accounts (user_id, currency) VALUES ($1, 'USD')`, [buyer]);
    await topUp(buyer, 1_000);
    const cmd = command(M.wallet.placeHold, { userId: buyer, amount: '100', reference: 'order:dup' });
    await run(handlers.place, cmd);
    await expect(run(handlers.place, cmd)).rejects.toThrow(/duplicate key|unique/i);
    expect(await account(buyer)).toEqual({ balance: '1000', held: '100', proceeds: '0' });
  });

  it('keeps the journal append-only and balanced', async () => {
    await expect(ds.query(`UPDATE ledger_postings SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE ledger_postings`)).rejects.toThrow(/append-only/);
    const id = randomUUID();
    await expect(
      ds.query(
        `WITH e AS (INSERT INTO ledger_entries (id, kind, cause_id, reference, currency)
                    VALUES ($1, 'top_up', $2, 'forged', 'USD') RETURNING id)
         INSERT INTO ledger_postings (entry_id, account_type, owner_id, amount)
         SELECT e.id, 'fees', '', 100 FROM e`,
        [id, `forged:${id}`],
      ),
    ).rejects.toThrow(/does not balance/);
  });

  it('reports a projection that drifted from the journal', async () => {
    await ds.query(`UPDATE wallet_accounts SET balance = balance + 1 WHERE user_id = 'old-1'`);
    try {
      const report = await runLedgerReconciliation(ds);
      expect(report.ok).toBe(false);
      expect(report.differences).toEqual([
        { userId: 'old-1', projection: 'wallet_accounts.balance', projected: '1001', journal: '1000' },
      ]);
    } finally {
      await ds.query(`UPDATE wallet_accounts SET balance = balance - 1 WHERE user_id = 'old-1'`);
    }
    await expectReconciled();
  });
});

describe('wallet ledger migration on an empty database', () => {
  const schema = `wallet_ledger_empty_${Date.now().toString(36)}`;
  let ds: DataSource | undefined;
  afterAll(async () => {
    if (ds?.isInitialized) await dropSchema(ds, schema);
  });

  it('opens no entry when there is no money yet, and reconciles', async () => {
    ds = await walletSchema(schema);
    const report = await runLedgerReconciliation(ds);
    expect(report).toMatchObject({ ok: true, entries: 0, differences: [] });
  });

  it('migrates down past the ledger and up again', async () => {
    if (!ds) throw new Error('no data source');
    // the migrations after the ledger's (chain deposits, withdrawals, ...) are undone first
    const ledgerIndex = ds.migrations.findIndex((m) => m.name === 'WalletLedger1732300000400');
    expect(ledgerIndex).toBeGreaterThanOrEqual(0);
    for (let i = ds.migrations.length - 1; i >= ledgerIndex; i--)
      await ds.undoLastMigration({ transaction: 'each' });
    expect(await ds.query(`SELECT to_regclass('ledger_entries') AS t`)).toEqual([{ t: null }]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await runLedgerReconciliation(ds)).ok).toBe(true);
  });
});
