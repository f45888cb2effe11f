/**
 * Saga definitions are code: an ordered list of steps, each sending one command to a participant
 * and waiting for one of the replies it declares. `defineSaga(...).step(...).build()` fills in the
 * defaults and validates the result.
 */
import { RetryPolicies, RetryPolicy, retryPolicyProblems } from './backoff';

/** A command sent to a participant (`data` is serialised as JSON). */
export interface SagaMessage {
  readonly type: string;
  readonly data: object;
}

/** A participant's reply as the engine sees it. */
export interface SagaReply {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A reply field as a non-empty string, else `known` (a reply without it keeps what the saga knew). */
export function replyText(reply: SagaReply, name: string, known?: string): string | undefined {
  const value = reply.data[name];
  return typeof value === 'string' && value.length > 0 ? value : known;
}

/** What a command builder sees. */
export interface StepContext<TData> {
  readonly sagaId: string;
  readonly correlationId: string;
  readonly data: TData;
}

/** What a compensation builder sees: also the id of the forward command being undone. */
export interface CompensationContext<TData> extends StepContext<TData> {
  /** Participants de-duplicate on it, so it names the action even when no reply ever came. */
  readonly forwardCommandId: string;
}

// Builders are declared with method syntax on purpose: a SagaDefinition<OrderData> then fits the
// registry's SagaDefinition<object> (method parameters are checked bivariantly).

export interface ReplyHandling<TData> {
  /** Reply types that complete the step. */
  readonly success: readonly string[];
  /** Reply types that are business failures (the saga compensates, no retry). */
  readonly failure: readonly string[];
  /** Folds a successful reply into the saga data (e.g. keep the holdId). */
  apply?(data: TData, reply: SagaReply): TData;
}

export interface CompensationDefinition<TData> {
  readonly participant: string;
  command(ctx: CompensationContext<TData>): SagaMessage;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
}

export interface StepDefinition<TData> {
  readonly name: string;
  readonly participant: string;
  command(ctx: StepContext<TData>): SagaMessage;
  readonly onReply: ReplyHandling<TData>;
  readonly compensation?: CompensationDefinition<TData>;
  /** How long one attempt waits for its reply before the same command is sent again. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /**
   * The business deadline, counted from the step's first attempt: when it passes without an answer
   * the step is abandoned and the saga compensates (the step included, since it may have happened).
   * Undefined: the step is never abandoned; a slow or absent participant only delays the saga.
   */
  readonly deadlineMs?: number;
}

export interface SagaDefinition<TData extends object = object> {
  readonly type: string;
  readonly version: number;
  readonly steps: readonly StepDefinition<TData>[];
}

/** How a step is written in the builder; everything but participant/command/onReply has a default. */
export interface StepSpec<TData> {
  readonly participant: string;
  command(ctx: StepContext<TData>): SagaMessage;
  readonly onReply: {
    readonly success: string | readonly string[];
    readonly failure?: string | readonly string[];
    apply?(data: TData, reply: SagaReply): TData;
  };
  readonly compensation?: {
    /** Defaults to the step's participant. */
    readonly participant?: string;
    command(ctx: CompensationContext<TData>): SagaMessage;
    readonly timeoutMs?: number;
    readonly retry?: RetryPolicy;
  };
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly deadlineMs?: number;
}

export interface SagaDefaults {
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly compensationRetry: RetryPolicy;
}

export const DEFAULT_SAGA_OPTIONS: SagaDefaults = {
  timeoutMs: 30_000,
  retry: RetryPolicies.standard,
  compensationRetry: RetryPolicies.compensation,
};

export class InvalidSagaDefinitionError extends Error {
  readonly code = 'SAGA.INVALID_DEFINITION';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid saga definition: ${problems.join('; ')}`);
    this.name = InvalidSagaDefinitionError.name;
  }
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

export class SagaBuilder<TData extends object> {
  private readonly steps: StepDefinition<TData>[] = [];

  constructor(
    private readonly type: string,
    private readonly version: number,
    private readonly defaults: SagaDefaults,
  ) {}

  step(name: string, spec: StepSpec<TData>): this {
    const { onReply, compensation } = spec;
    const apply = onReply.apply;
    this.steps.push({
      name,
      participant: spec.participant,
      command: (ctx) => spec.command(ctx),
      onReply: {
        success: list(onReply.success),
        failure: list(onReply.failure),
        ...(apply ? { apply: (data: TData, reply: SagaReply) => apply(data, reply) } : {}),
      },
      ...(compensation
        ? {
            compensation: {
              participant: compensation.participant ?? spec.participant,
              command: (ctx: CompensationContext<TData>) => compensation.command(ctx),
              timeoutMs: compensation.timeoutMs ?? spec.timeoutMs ?? this.defaults.timeoutMs,
              retry: compensation.retry ?? this.defaults.compensationRetry,
            },
          }
        : {}),
      timeoutMs: spec.timeoutMs ?? this.defaults.timeoutMs,
      retry: spec.retry ?? this.defaults.retry,
      ...(spec.deadlineMs !== undefined ? { deadlineMs: spec.deadlineMs } : {}),
    });
    return this;
  }

  /** Validates and freezes the definition; throws InvalidSagaDefinitionError at boot when wrong. */
  build(): SagaDefinition<TData> {
    const definition: SagaDefinition<TData> = {
      type: this.type,
      version: this.version,
      steps: [...this.steps],
    };
    const problems = validateSagaDefinition(definition);
    if (problems.length > 0) throw new InvalidSagaDefinitionError(problems);
    return Object.freeze(definition);
  }
}

/** Starts a definition: `defineSaga<OrderData>('Order', 1).step('charge', {...}).build()`. */
export function defineSaga<TData extends object>(
  type: string,
  version: number,
  defaults: Partial<SagaDefaults> = {},
): SagaBuilder<TData> {
  return new SagaBuilder<TData>(type, version, { ...DEFAULT_SAGA_OPTIONS, ...defaults });
}

/** Everything wrong with a definition (empty when valid); usable on hand-written objects too. */
export function validateSagaDefinition<TData extends object>(definition: SagaDefinition<TData>): string[] {
  const problems: string[] = [];
  if (!definition.type) problems.push('type is required');
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    problems.push('version must be an integer >= 1');
  }
  if (definition.steps.length === 0) problems.push('a saga needs at least one step');
  const seen = new Set<string>();
  for (const step of definition.steps) {
    const where = `step '${step.name}'`;
    if (!step.name) problems.push('every step needs a name');
    if (seen.has(step.name)) problems.push(`${where}: duplicate step name`);
    seen.add(step.name);
    if (!step.participant) problems.push(`${where}: participant is required`);
    if (!(step.timeoutMs > 0)) problems.push(`${where}: timeoutMs must be > 0`);
    if (step.deadlineMs !== undefined && !(step.deadlineMs > 0))
      problems.push(`${where}: deadlineMs must be > 0`);
    if (step.onReply.success.length === 0) problems.push(`${where}: at least one success reply type`);
    const overlap = step.onReply.success.filter((t) => step.onReply.failure.includes(t));
    if (overlap.length > 0)
      problems.push(`${where}: reply types both success and failure: ${overlap.join(', ')}`);
    problems.push(...retryPolicyProblems(step.retry, `${where} retry`));
    if (step.compensation) {
      if (!step.compensation.participant) problems.push(`${where}: compensation participant is required`);
      if (!(step.compensation.timeoutMs > 0)) problems.push(`${where}: compensation timeoutMs must be > 0`);
      problems.push(...retryPolicyProblems(step.compensation.retry, `${where} compensation retry`));
    }
  }
  return problems;
}

/** The step with this name, if the definition has one. */
export function findStep<TData extends object>(
  definition: SagaDefinition<TData>,
  name: string,
): StepDefinition<TData> | undefined {
  return definition.steps.find((s) => s.name === name);
}
