/**
 * A bulk operator action is sent to the orchestrator in batches: each batch stays well under the
 * orchestrator's 16 kB body limit (100 ids of ≤ 128 characters plus a reason) and its upstream deadline.
 * Pure helpers; the controller makes the calls.
 */
export const BULK_BATCH_SIZE = 100;

export type SagaActionOutcome =
  | { sagaId: string; ok: true; status: string; step: string | null; events: string[] }
  | { sagaId: string; ok: false; code: string; message: string };

/** Distinct ids, first occurrence order, in batches of `size`. */
export function batchesOf(ids: readonly string[], size = BULK_BATCH_SIZE): string[][] {
  const distinct = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < distinct.length; i += size) batches.push(distinct.slice(i, i + size));
  return batches;
}

/**
 * When a batch fails as a whole (the orchestrator unreachable, too slow, or refusing the request):
 * each of its sagas gets that error — after a timeout the action may or may not have been recorded —
 * and the sagas of the batches not sent get SAGA.NOT_ATTEMPTED.
 */
export function failedBatchOutcomes(
  failed: readonly string[],
  notSent: readonly string[],
  error: { code: string; message: string },
): SagaActionOutcome[] {
  const uncertain =
    error.code === 'UPSTREAM.TIMEOUT' ? ' (the action may have been recorded: look at the saga)' : '';
  return [
    ...failed.map((sagaId): SagaActionOutcome => ({
      sagaId,
      ok: false,
      code: error.code,
      message: `${error.message}${uncertain}`,
    })),
    ...notSent.map((sagaId): SagaActionOutcome => ({
      sagaId,
      ok: false,
      code: 'SAGA.NOT_ATTEMPTED',
      message: `Not sent: an earlier batch failed (${error.code})`,
    })),
  ];
}

/** The orchestrator's answer to one batch: `{ results: [...] }` with one entry per id. */
export function isBatchAnswer(body: unknown): body is { results: SagaActionOutcome[] } {
  if (typeof body !== 'object' || body === null) return false;
  const results = (body as { results?: unknown }).results;
  return (
    Array.isArray(results) &&
    results.every(
      (r) => typeof r === 'object' && r !== null && typeof (r as { sagaId?: unknown }).sagaId === 'string',
    )
  );
}
