import type { DataSource, EntityManager } from 'typeorm';
import { appendToOutbox } from '@app/outbox';
import type { ChainBlocksPort } from '../../domain/chain-blocks.port';
import type { ChainBlock } from '../../domain/chain-deposit';
import type { DepositConfig } from '../../infrastructure/chain.config';
import { ChainCursor, ChainDepositRepository } from '../../infrastructure/chain/chain-deposit.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { ChainDepositScanner } from './chain-deposit-scanner';

jest.mock('@app/outbox', () => ({ appendToOutbox: jest.fn() }));

/**
 * The scanner's decisions with the node and the repositories faked (the SQL itself runs in
 * test/wallet-ledger/chain-deposits.int-spec.ts): where a cursor starts, what is scanned, what is
 * credited, skipped or rewound.
 */
const ALICE = '0x' + 'a'.repeat(40);
const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const block = (n: number, txs: ChainBlock['transactions'] = [], parent = hash(n - 1)): ChainBlock => ({
  number: n,
  hash: hash(n),
  parentHash: parent,
  transactions: txs,
});
const tx = (id: number, value: bigint, to: string | null = ALICE) => ({
  hash: '0x' + id.toString(16).padStart(64, 'f'),
  from: '0x' + 'b'.repeat(40),
  to,
  value,
});

const config: DepositConfig = {
  mnemonic: undefined,
  confirmations: 3,
  weiPerMinorUnit: 10n ** 13n,
  pollMs: 1000,
  scanBlocks: 10,
  startBlock: undefined,
  reorgRewind: 5,
  maxBackoffMs: 30_000,
  watcher: true,
};

describe('ChainDepositScanner', () => {
  const manager = {} as EntityManager;
  const dataSource = { transaction: (run: (m: EntityManager) => unknown) => run(manager) } as DataSource;
  let chain: { head: jest.Mock; blocks: jest.Mock };
  let cursor: ChainCursor | 'busy' | undefined;
  let moved: ChainCursor[];
  let created: ChainCursor[];
  let inserted: { amount: bigint; entryId: string | null; txHash: string }[];
  let posted: { causeId: string; details: Record<string, string> }[];

  beforeEach(() => {
    jest.restoreAllMocks();
    (appendToOutbox as jest.Mock).mockReset();
    chain = { head: jest.fn(), blocks: jest.fn() };
    moved = [];
    created = [];
    inserted = [];
    posted = [];
    cursor = { blockNumber: 100, blockHash: hash(100) };
    jest.spyOn(ChainDepositRepository, 'lockCursor').mockImplementation(async () => cursor);
    jest.spyOn(ChainDepositRepository, 'createCursor').mockImplementation(async (_m, _c, c) => {
      created.push(c);
    });
    jest.spyOn(ChainDepositRepository, 'moveCursor').mockImplementation(async (_m, _c, c) => {
      moved.push(c);
    });
    jest
      .spyOn(ChainDepositRepository, 'ownersOf')
      .mockImplementation(
        async (_m, addresses) => new Map(addresses.filter((a) => a === ALICE).map((a) => [a, 'alice'])),
      );
    jest.spyOn(ChainDepositRepository, 'recorded').mockImplementation(async () => new Set([tx(9, 1n).hash]));
    jest.spyOn(ChainDepositRepository, 'insertDeposit').mockImplementation(async (_m, d) => {
      inserted.push({ amount: d.conversion.amount, entryId: d.entryId, txHash: d.deposit.txHash });
    });
    jest.spyOn(LedgerRepository, 'post').mockImplementation(async (_m, entry) => {
      posted.push({ causeId: entry.causeId, details: entry.details });
      return {
        entryId: `entry-${posted.length}`,
        accounts: new Map([['alice', { userId: 'alice', balance: 777n, held: 0n, proceeds: 0n }]]),
      };
    });
  });

  const scanner = () => new ChainDepositScanner(dataSource, chain as ChainBlocksPort, 1337, config);

  it('starts a new cursor at the node’s head, scanning nothing yet', async () => {
    cursor = undefined;
    chain.head.mockResolvedValue(500);
    expect(await scanner().scanOnce()).toEqual({ kind: 'started', head: 500, cursor: 500 });
    expect(created).toEqual([{ blockNumber: 500, blockHash: null }]);
    expect(chain.blocks).not.toHaveBeenCalled();
  });

  it('starts at GAVEL_CHAIN_START_BLOCK when it is set', async () => {
    cursor = undefined;
    chain.head.mockResolvedValue(500);
    const from = new ChainDepositScanner(dataSource, chain as ChainBlocksPort, 1337, {
      ...config,
      startBlock: 42,
    });
    expect(await from.scanOnce()).toMatchObject({ kind: 'started', cursor: 41 });
  });

  it('leaves the cursor to the replica that holds it', async () => {
    cursor = 'busy';
    chain.head.mockResolvedValue(500);
    expect(await scanner().scanOnce()).toEqual({ kind: 'busy' });
    expect(chain.blocks).not.toHaveBeenCalled();
  });

  it('waits for the confirmations: nothing is read before head − N + 1 passes the cursor', async () => {
    chain.head.mockResolvedValue(102); // newest confirmed: 100
    expect(await scanner().scanOnce()).toEqual({ kind: 'idle', head: 102, cursor: 100, lag: 0 });
    expect(chain.blocks).not.toHaveBeenCalled();
  });

  it('credits each new deposit once, records dust without crediting it, and moves the cursor', async () => {
    chain.head.mockResolvedValue(104); // 101 and 102 are confirmed
    chain.blocks.mockResolvedValue([
      block(101, [tx(1, 5n * 10n ** 17n), tx(2, 10n ** 18n, '0x' + 'c'.repeat(40)), tx(9, 10n ** 18n)]),
      block(102, [tx(3, 10n ** 12n), tx(4, 0n), tx(5, 10n ** 18n, null)]),
    ]);
    const outcome = await scanner().scanOnce();
    expect(chain.blocks).toHaveBeenCalledWith(101, 102);
    expect(outcome).toMatchObject({ kind: 'scanned', head: 104, cursor: 102, lag: 0, dust: 1, skipped: 1 });
    expect(outcome.kind === 'scanned' && outcome.credited).toEqual([
      { depositId: expect.any(String), userId: 'alice', txHash: tx(1, 0n).hash, amount: 50_000n },
    ]);
    expect(inserted).toEqual([
      { txHash: tx(1, 0n).hash, amount: 50_000n, entryId: 'entry-1' },
      { txHash: tx(3, 0n).hash, amount: 0n, entryId: null },
    ]);
    expect(posted).toEqual([
      {
        causeId: `chain-deposit:1337:${tx(1, 0n).hash}`,
        details: expect.objectContaining({
          txHash: tx(1, 0n).hash,
          blockNumber: '101',
          valueWei: '500000000000000000',
          weiPerMinorUnit: '10000000000000',
          amount: '50000',
          remainderWei: '0',
        }),
      },
    ]);
    expect((appendToOutbox as jest.Mock).mock.calls).toEqual([
      [
        manager,
        [
          expect.objectContaining({
            topic: 'wallet.events',
            key: 'alice',
            type: 'DepositCredited',
            data: expect.objectContaining({
              amount: '50000',
              balance: '777',
              weiPerMinorUnit: '10000000000000',
            }),
          }),
        ],
      ],
    ]);
    expect(moved).toEqual([{ blockNumber: 102, blockHash: hash(102) }]);
  });

  it('reads at most GAVEL_CHAIN_SCAN_BLOCKS blocks per step and says how far behind it is', async () => {
    chain.head.mockResolvedValue(1_000);
    chain.blocks.mockImplementation(async (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => block(from + i)),
    );
    expect(await scanner().scanOnce()).toMatchObject({ kind: 'scanned', cursor: 110, lag: 998 - 110 });
    expect(chain.blocks).toHaveBeenCalledWith(101, 110);
  });

  it('moves the cursor back when the blocks do not build on it (a reorganisation deeper than N)', async () => {
    chain.head.mockResolvedValue(110);
    chain.blocks.mockResolvedValue([block(101, [tx(1, 10n ** 18n)], hash(999))]);
    expect(await scanner().scanOnce()).toEqual({ kind: 'rewound', head: 110, from: 100, cursor: 95 });
    expect(moved).toEqual([{ blockNumber: 95, blockHash: null }]);
    expect(posted).toEqual([]);
  });

  it('scans from the cursor without a known hash after a rewind', async () => {
    cursor = { blockNumber: 95, blockHash: null };
    chain.head.mockResolvedValue(98);
    chain.blocks.mockResolvedValue([block(96, [], hash(12345))]);
    expect(await scanner().scanOnce()).toMatchObject({ kind: 'scanned', cursor: 96 });
  });

  it('lets a node failure through, before any transaction is opened', async () => {
    const transaction = jest.spyOn(dataSource, 'transaction');
    chain.head.mockRejectedValue(new Error('connect ECONNREFUSED'));
    await expect(scanner().scanOnce()).rejects.toThrow('ECONNREFUSED');
    expect(transaction).not.toHaveBeenCalled();
  });
});
