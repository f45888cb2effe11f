import { evolveFunds, journalEntry, JournalEntry, ownerDeltas, UnbalancedEntryError } from './ledger';
import { PostingRules, splitFee } from './posting-rules';

const draft = (postings: JournalEntry['postings']): JournalEntry => ({
  kind: 'hold_placed',
  causeId: 'cmd-1',
  reference: 'order:o1',
  details: {},
  postings,
});

describe('journal entries', () => {
  it('refuses an entry that does not balance', () => {
    expect(() =>
      journalEntry(
        draft([
          { account: { type: 'external' }, amount: -100n },
          { account: { type: 'available', owner: 'u1' }, amount: 99n },
        ]),
      ),
    ).toThrow(UnbalancedEntryError);
  });

  it('merges postings to one account and drops those that come to zero', () => {
    const entry = journalEntry(
      draft([
        ...PostingRules.holdPlaced('u1', 300n),
        ...PostingRules.holdReleased('u1', 100n),
        ...PostingRules.holdCaptured('u1', 200n),
      ]),
    );
    expect(entry.postings).toEqual([
      { account: { type: 'available', owner: 'u1' }, amount: -200n },
      { account: { type: 'escrow' }, amount: 200n },
    ]);
  });

  it('keeps one user’s accounts apart from another’s', () => {
    const entry = journalEntry(draft([...PostingRules.topUp('u1', 5n), ...PostingRules.topUp('u2', 5n)]));
    expect(entry.postings).toHaveLength(3);
  });
});

describe('projections of the journal', () => {
  it('turns postings into each user’s balance (available + held), held and proceeds', () => {
    const postings = [
      ...PostingRules.holdCaptured('buyer', 1_000n),
      ...PostingRules.escrowPaidOut('seller', splitFee(1_000n, 500)),
    ];
    expect(ownerDeltas(postings)).toEqual([
      { owner: 'buyer', balance: -1_000n, held: -1_000n, proceeds: 0n },
      { owner: 'seller', balance: 0n, held: 0n, proceeds: 950n },
    ]);
  });

  it('replays a buyer’s life: top-up, hold, partial release, capture', () => {
    const entries = [
      PostingRules.topUp('u1', 10_000n),
      PostingRules.holdPlaced('u1', 4_000n),
      PostingRules.holdReleased('u1', 1_000n),
      PostingRules.holdCaptured('u1', 3_000n),
    ];
    const funds = entries.reduce((f, p) => evolveFunds(f, 'u1', p), { balance: 0n, held: 0n });
    expect(funds).toEqual({ balance: 7_000n, held: 0n });
  });

  it('leaves another user’s funds alone', () => {
    const funds = { balance: 10n, held: 5n };
    expect(evolveFunds(funds, 'u2', PostingRules.holdPlaced('u1', 5n))).toBe(funds);
  });
});
