/**
 * All known definitions, by type and version. New sagas start on the latest version; a running
 * saga is always decided with the version recorded in its SagaStarted event.
 */
import { decide, Decision, ignored } from './decide';
import { InvalidSagaDefinitionError, SagaDefinition, validateSagaDefinition } from './definition';
import { SagaInput } from './inputs';
import { SagaState } from './state';
import { DecideEnv } from './transitions';

export class SagaRegistry {
  private readonly byType = new Map<string, Map<number, SagaDefinition>>();

  /** Adds definitions; throws at boot on an invalid definition or a duplicate type+version. */
  register(...definitions: SagaDefinition[]): this {
    for (const definition of definitions) {
      const problems = validateSagaDefinition(definition);
      if (problems.length > 0) throw new InvalidSagaDefinitionError(problems);
      const versions = this.byType.get(definition.type) ?? new Map<number, SagaDefinition>();
      if (versions.has(definition.version)) {
        throw new InvalidSagaDefinitionError([
          `${definition.type} v${definition.version} is already registered`,
        ]);
      }
      versions.set(definition.version, definition);
      this.byType.set(definition.type, versions);
    }
    return this;
  }

  get(type: string, version: number): SagaDefinition | undefined {
    return this.byType.get(type)?.get(version);
  }

  latest(type: string): SagaDefinition | undefined {
    const versions = this.versions(type);
    const newest = versions[versions.length - 1];
    return newest === undefined ? undefined : this.get(type, newest);
  }

  /** Registered versions of a type, ascending. */
  versions(type: string): number[] {
    return [...(this.byType.get(type)?.keys() ?? [])].sort((a, b) => a - b);
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /** The definition that decides `input` for a saga in `state`: latest on start, else the pinned one. */
  definitionFor(state: SagaState, input: SagaInput): SagaDefinition | undefined {
    if (state.status === 'NEW' && input.type === 'StartSaga') return this.latest(input.data.sagaType);
    return this.get(state.sagaType, state.version);
  }
}

/** `decide` with the definition picked from the registry (version pinning included). */
export function decideWithRegistry(
  registry: SagaRegistry,
  state: SagaState,
  input: SagaInput,
  env: DecideEnv,
): Decision {
  const definition = registry.definitionFor(state, input);
  if (!definition) {
    const what = input.type === 'StartSaga' && state.status === 'NEW' ? input.data.sagaType : state.sagaType;
    return state.status === 'NEW' && input.type !== 'StartSaga'
      ? ignored('NOT_STARTED', `${input.type} for a saga that was never started`)
      : ignored('UNKNOWN_DEFINITION', `no definition registered for ${what} v${state.version || 'latest'}`);
  }
  return decide(state, input, definition, env);
}
