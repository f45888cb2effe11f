export const OPERATOR_ACTIONS = ['retry-step', 'compensate', 'abort', 'skip-compensation'] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

/** An operator's action on a saga, recorded as an event (OperatorRetryRequested, …). */
export class OperatorActionCommand {
  constructor(
    readonly sagaId: string,
    readonly action: OperatorAction,
    readonly by: string,
    readonly reason: string | undefined,
  ) {}
}

export interface OperatorActionResult {
  sagaId: string;
  status: string;
  step: string | null;
  events: string[];
}
