import { planBroadcast } from './broadcast-plan';

describe('planBroadcast', () => {
  const c = (lotId: string, chatId: string) => ({ lotId, chatId });

  it('sends at most one message per chat and defers the rest by the chat interval', () => {
    const plan = planBroadcast([c('l1', 'a'), c('l1', 'b'), c('l2', 'a')], () => 0, 10, 1000);
    expect(plan.send).toEqual([c('l1', 'a'), c('l1', 'b')]);
    expect(plan.defer).toEqual([{ candidate: c('l2', 'a'), delayMs: 1000 }]);
  });

  it('defers chats that are not ready until they are, and leaves the overflow untouched', () => {
    const plan = planBroadcast(
      [c('l1', 'a'), c('l1', 'b'), c('l1', 'c'), c('l1', 'd')],
      (chat) => (chat === 'b' ? 400 : 0),
      2,
      1000,
    );
    expect(plan.send).toEqual([c('l1', 'a'), c('l1', 'c')]);
    expect(plan.defer).toEqual([{ candidate: c('l1', 'b'), delayMs: 400 }]);
  });
});
