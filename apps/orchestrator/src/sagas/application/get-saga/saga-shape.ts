import type { SagaDefinition } from '@app/saga';

/** One step of a saga's definition as operators see it: who does it, and who undoes it (if anyone). */
export interface SagaStepShape {
  name: string;
  participant: string;
  /** The participant of its compensation; null for a step nothing undoes (e.g. the pivot). */
  compensation: string | null;
}

/** The plan a saga follows, from the definition version it is pinned to. */
export interface SagaShape {
  version: number;
  steps: SagaStepShape[];
}

export function sagaShape(definition: SagaDefinition): SagaShape {
  return {
    version: definition.version,
    steps: definition.steps.map((s) => ({
      name: s.name,
      participant: s.participant,
      compensation: s.compensation?.participant ?? null,
    })),
  };
}
