/**
 * Commands from the orchestrator to participants (topic `<participant>.commands`, key = sagaId) and
 * replies back (topic `orchestrator.replies`, key = sagaId). The Kafka value is
 * `{ type, data, metadata }`; `metadata` routes the message, `data` is the business payload.
 */
export interface CommandMetadata {
  /** Stable across retries of the same command: the participant's de-duplication key. */
  commandId: string;
  sagaId: string;
  sagaType: string;
  step: string;
  phase: 'forward' | 'compensation';
  attempt: number;
}

export interface SagaCommand<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  metadata: CommandMetadata;
}

export type ReplyOutcome = 'success' | 'failure';

export interface ReplyMetadata {
  /** The commandId this answers. */
  commandId: string;
  sagaId: string;
  step: string;
  outcome: ReplyOutcome;
  /** Business failure code, e.g. WAREHOUSE.OUT_OF_STOCK; present when outcome = failure. */
  code?: string;
  reason?: string;
}

export interface SagaReply<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  metadata: ReplyMetadata;
}

export const CommandMetadataSchema = {
  type: 'object',
  required: ['commandId', 'sagaId', 'sagaType', 'step', 'phase', 'attempt'],
  properties: {
    commandId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaType: { type: 'string', minLength: 1, maxLength: 64 },
    step: { type: 'string', minLength: 1, maxLength: 64 },
    phase: { enum: ['forward', 'compensation'] },
    attempt: { type: 'integer', minimum: 1 },
  },
} as const;

export const ReplyMetadataSchema = {
  type: 'object',
  required: ['commandId', 'sagaId', 'step', 'outcome'],
  properties: {
    commandId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaId: { type: 'string', minLength: 1, maxLength: 255 },
    step: { type: 'string', minLength: 1, maxLength: 64 },
    outcome: { enum: ['success', 'failure'] },
    code: { type: 'string', maxLength: 128 },
    reason: { type: 'string', maxLength: 2000 },
  },
} as const;

/** A reply on `orchestrator.replies` as the orchestrator validates it; `data` is the step's to check. */
export const SagaReplySchema = {
  type: 'object',
  required: ['type', 'data', 'metadata'],
  properties: {
    type: { type: 'string', minLength: 1 },
    data: { type: 'object' },
    metadata: ReplyMetadataSchema,
  },
} as const;
