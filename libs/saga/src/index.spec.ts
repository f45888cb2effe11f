import {
  decide,
  decideWithRegistry,
  defineSaga,
  effectsOf,
  initialSagaState,
  rehydrate,
  RetryPolicies,
  SagaRegistry,
} from '@app/saga';

describe('@app/saga barrel', () => {
  it('drives a one-step saga through the public API only', () => {
    const Ping = defineSaga<{ n: number }>('Ping', 1)
      .step('ping', {
        participant: 'pong',
        command: ({ data }) => ({ type: 'pong.ping', data: { n: data.n } }),
        onReply: { success: 'pong.ponged' },
        retry: RetryPolicies.standard,
        deadlineMs: 1_000,
      })
      .build();
    const registry = new SagaRegistry().register(Ping);
    const env = { newId: () => 'c-1', random: () => 0 };
    const started = decideWithRegistry(
      registry,
      initialSagaState(),
      {
        type: 'StartSaga',
        data: { sagaId: 's', sagaType: 'Ping', data: { n: 1 }, correlationId: 'k', now: 0 },
      },
      env,
    );
    if (started.kind !== 'decided') throw new Error(started.reason);
    const done = decide(
      started.state,
      {
        type: 'ReplyReceived',
        data: {
          commandId: 'c-1',
          step: 'ping',
          outcome: 'success',
          replyType: 'pong.ponged',
          data: {},
          now: 5,
        },
      },
      Ping,
      env,
    );
    if (done.kind !== 'decided') throw new Error(done.reason);
    expect(rehydrate([...started.events, ...done.events]).status).toBe('COMPLETED');
    expect(effectsOf(started.state, done.events)).toEqual([
      { kind: 'cancelTimer', sagaId: 's', timerId: 's/timer/2' },
    ]);
  });
});
