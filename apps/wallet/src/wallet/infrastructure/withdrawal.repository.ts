import type { EntityManager } from 'typeorm';
import type { WithdrawalSource, WithdrawalStatus, WithdrawalView } from '@app/contracts';
import type { HoldStatus } from '../domain/hold';
import type { TxState, WithdrawalFunds } from '../domain/withdrawal';

type Queryable = Pick<EntityManager, 'query'>;

export interface Withdrawal {
  id: string;
  userId: string;
  amount: bigint;
  currency: string;
  source: WithdrawalSource;
  toAddress: string;
  status: WithdrawalStatus;
  failureCode: string | null;
  failureReason: string | null;
  sagaId: string;
  holdCommandId: string;
  holdId: string | null;
  txState: TxState;
  fromAddress: string | null;
  nonce: bigint | null;
  valueWei: bigint | null;
  maxFeePerGas: bigint | null;
  maxPriorityFeePerGas: bigint | null;
  rawTx: string | null;
  txHash: string | null;
  signedAt: Date | null;
  replacementRawTx: string | null;
  replacementTxHash: string | null;
  blockNumber: bigint | null;
  settledEntryId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns a step may change, by field. */
const COLUMNS = {
  status: 'status',
  failureCode: 'failure_code',
  failureReason: 'failure_reason',
  holdId: 'hold_id',
  txState: 'tx_state',
  fromAddress: 'from_address',
  nonce: 'nonce',
  valueWei: 'value_wei',
  maxFeePerGas: 'max_fee_per_gas',
  maxPriorityFeePerGas: 'max_priority_fee_per_gas',
  rawTx: 'raw_tx',
  txHash: 'tx_hash',
  signedAt: 'signed_at',
  replacementRawTx: 'replacement_raw_tx',
  replacementTxHash: 'replacement_tx_hash',
  blockNumber: 'block_number',
  settledEntryId: 'settled_entry_id',
} as const;
export type WithdrawalPatch = Partial<Pick<Withdrawal, keyof typeof COLUMNS>>;

type Row = Record<string, string | Date | null>;
const big = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const toWithdrawal = (r: Row): Withdrawal => ({
  id: String(r.id),
  userId: String(r.user_id),
  amount: BigInt(r.amount as string),
  currency: String(r.currency),
  source: r.source as WithdrawalSource,
  toAddress: String(r.to_address),
  status: r.status as WithdrawalStatus,
  failureCode: text(r.failure_code),
  failureReason: text(r.failure_reason),
  sagaId: String(r.saga_id),
  holdCommandId: String(r.hold_command_id),
  holdId: text(r.hold_id),
  txState: r.tx_state as TxState,
  fromAddress: text(r.from_address),
  nonce: big(r.nonce),
  valueWei: big(r.value_wei),
  maxFeePerGas: big(r.max_fee_per_gas),
  maxPriorityFeePerGas: big(r.max_priority_fee_per_gas),
  rawTx: text(r.raw_tx),
  txHash: text(r.tx_hash),
  signedAt: (r.signed_at as Date | null) ?? null,
  replacementRawTx: text(r.replacement_raw_tx),
  replacementTxHash: text(r.replacement_tx_hash),
  blockNumber: big(r.block_number),
  settledEntryId: text(r.settled_entry_id),
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

const param = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** Row-level SQL for withdrawals, in the caller's transaction. Balances change only through the ledger. */
export const WithdrawalRepository = {
  /** The user's account row, locked (the same lock every hold takes first). */
  async lockFunds(manager: Queryable, userId: string): Promise<WithdrawalFunds | undefined> {
    const rows: { balance: string; held: string; proceeds: string }[] = await manager.query(
      `SELECT balance, held, proceeds FROM wallet_accounts WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    const r = rows[0];
    return r && { balance: BigInt(r.balance), held: BigInt(r.held), proceeds: BigInt(r.proceeds) };
  },

  async isLinked(db: Queryable, userId: string, address: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM linked_addresses WHERE user_id = $1 AND address = $2`,
      [userId, address.toLowerCase()],
    );
    return rows.length > 0;
  },

  async insert(
    manager: Queryable,
    w: Pick<
      Withdrawal,
      'id' | 'userId' | 'amount' | 'currency' | 'source' | 'toAddress' | 'status' | 'sagaId' | 'holdCommandId'
    > &
      Partial<Pick<Withdrawal, 'holdId' | 'failureCode' | 'failureReason'>>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO withdrawals (id, user_id, amount, currency, source, to_address, status, saga_id,
         hold_command_id, hold_id, failure_code, failure_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        w.id,
        w.userId,
        w.amount.toString(),
        w.currency,
        w.source,
        w.toAddress.toLowerCase(),
        w.status,
        w.sagaId,
        w.holdCommandId,
        w.holdId ?? null,
        w.failureCode ?? null,
        w.failureReason ?? null,
      ],
    );
  },

  async find(db: Queryable, id: string): Promise<Withdrawal | undefined> {
    const rows: Row[] = await db.query(`SELECT * FROM withdrawals WHERE id = $1`, [id]);
    return rows[0] && toWithdrawal(rows[0]);
  },

  /** The withdrawal, locked until the transaction ends. */
  async lock(manager: Queryable, id: string): Promise<Withdrawal | undefined> {
    const rows: Row[] = await manager.query(`SELECT * FROM withdrawals WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && toWithdrawal(rows[0]);
  },

  async holdStatus(db: Queryable, holdId: string | null): Promise<HoldStatus | null> {
    if (!holdId) return null;
    const rows: { status: HoldStatus }[] = await db.query(`SELECT status FROM holds WHERE id = $1`, [holdId]);
    return rows[0]?.status ?? null;
  },

  async update(manager: Queryable, id: string, patch: WithdrawalPatch): Promise<void> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
      keyof typeof COLUMNS,
      unknown,
    ][];
    if (entries.length === 0) return;
    const sets = entries.map(([field], i) => `${COLUMNS[field]} = $${i + 2}`);
    await manager.query(`UPDATE withdrawals SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...entries.map(([, v]) => param(v)),
    ]);
  },

  /** Nonces of the hot wallet's transactions that may still be mined. */
  async inFlightNonces(db: Queryable, from: string): Promise<bigint[]> {
    const rows: { nonce: string }[] = await db.query(
      `SELECT nonce FROM withdrawals WHERE from_address = $1 AND tx_state IN ('SIGNED', 'BROADCAST')`,
      [from],
    );
    return rows.map((r) => BigInt(r.nonce));
  },

  async listByUser(
    db: Queryable,
    userId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: Withdrawal[]; total: number }> {
    const [items, count] = await Promise.all([
      db.query(
        `SELECT * FROM withdrawals WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [userId, page.limit, page.offset],
      ) as Promise<Row[]>,
      db.query(`SELECT count(*)::int AS n FROM withdrawals WHERE user_id = $1`, [userId]) as Promise<
        { n: number }[]
      >,
    ]);
    return { items: items.map(toWithdrawal), total: count[0]?.n ?? 0 };
  },
};

export function toWithdrawalView(w: Withdrawal): WithdrawalView {
  return {
    withdrawalId: w.id,
    userId: w.userId,
    amount: w.amount.toString(),
    currency: w.currency,
    source: w.source,
    toAddress: w.toAddress,
    status: w.status,
    txHash: w.status === 'PENDING' ? null : w.txHash,
    code: w.failureCode,
    reason: w.failureReason,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
