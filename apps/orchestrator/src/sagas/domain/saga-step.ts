/** Where a saga is, for the projection and the API: the step it waits on, or the last one it finished. */
import type { SagaState } from '@app/saga';

export function currentStep(state: SagaState): string | null {
  return (
    state.outstanding?.step ??
    state.compensationError?.step ??
    state.completedSteps[state.completedSteps.length - 1] ??
    null
  );
}
