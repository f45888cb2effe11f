import { planSegments, Segment } from './command-batches';

interface Cmd {
  id: string;
  saga: string;
  handler: 'hold' | 'settle' | 'release';
}

const batching = new Map<string, object>([
  ['hold', { name: 'hold' }],
  ['settle', { name: 'settle' }],
]);
const plan = (items: Cmd[]): Segment<Cmd>[] =>
  planSegments(items, {
    batchOf: (c) => batching.get(c.handler),
    sagaOf: (c) => c.saga,
    idOf: (c) => c.id,
  });
const ids = (segments: Segment<Cmd>[]): (string | string[][])[] =>
  segments.map((s) => (s.kind === 'single' ? s.item.id : s.batches.map((b) => b.map((c) => c.id))));
const cmd = (id: string, saga: string, handler: Cmd['handler']): Cmd => ({ id, saga, handler });

describe('planSegments', () => {
  it('gathers the commands of batching handlers, per handler, where the first of them stood', () => {
    expect(
      ids(
        plan([
          cmd('a', 's1', 'hold'),
          cmd('b', 's2', 'settle'),
          cmd('c', 's3', 'hold'),
          cmd('d', 's4', 'settle'),
        ]),
      ),
    ).toEqual([
      [
        ['a', 'c'],
        ['b', 'd'],
      ],
    ]);
  });

  it('runs a command whose handler cannot batch alone, after the batches before it and before those after', () => {
    expect(ids(plan([cmd('a', 's1', 'hold'), cmd('r', 's2', 'release'), cmd('c', 's3', 'hold')]))).toEqual([
      [['a']],
      'r',
      [['c']],
    ]);
  });

  it('keeps the commands of one saga in order: a second one closes the batch', () => {
    expect(
      ids(
        plan([
          cmd('a', 's1', 'hold'),
          cmd('b', 's2', 'hold'),
          cmd('c', 's1', 'settle'),
          cmd('d', 's3', 'hold'),
        ]),
      ),
    ).toEqual([[['a', 'b']], [['c'], ['d']]]);
  });

  it('never puts one command id twice in a batch (a redelivery runs after the first delivery)', () => {
    expect(ids(plan([cmd('a', 's1', 'hold'), cmd('a', 's9', 'hold')]))).toEqual([[['a']], [['a']]]);
  });

  it('plans nothing for nothing', () => {
    expect(plan([])).toEqual([]);
  });
});
