/** Drives a saga input by input through the registry, keeping the stream like the store would. */
import { Decision } from '../decide';
import { SagaEvent } from '../events';
import { SagaInput } from '../inputs';
import { decideWithRegistry, SagaRegistry } from '../registry';
import { rehydrate, SagaState } from '../state';
import { testEnv, WhenOptions } from './given';

export class SagaDriver {
  readonly events: SagaEvent[] = [];
  readonly states: SagaState[] = [];
  private ids = 0;

  constructor(private readonly registry: SagaRegistry) {}

  get state(): SagaState {
    return rehydrate(this.events);
  }

  send(input: SagaInput, options: WhenOptions = {}): Decision {
    const env = testEnv({ ids: [`id-${++this.ids}`], ...options });
    const decision = decideWithRegistry(this.registry, this.state, input, env);
    if (decision.kind === 'decided') {
      this.events.push(...decision.events);
      this.states.push(decision.state);
    }
    return decision;
  }

  /** The command id the saga waits on (to build replies). */
  get outstandingId(): string {
    return this.state.outstanding?.commandId ?? '';
  }

  get pendingTimer(): { timerId: string; at: number } {
    const timer = this.state.timer;
    if (!timer) throw new Error('no pending timer');
    return timer;
  }
}
