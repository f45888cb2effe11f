import type { Response } from 'express';
import type { StartResult } from '../infrastructure/saga-requests';

/**
 * A start route's body: its status is the route's 202 for a new saga, 200 when the same start came again
 * (the route declares `@HttpCode(202)` and passes `@Res({ passthrough: true })`).
 */
export function startResponse(res: Response, result: StartResult): Omit<StartResult, 'created'> {
  if (!result.created) res.status(200);
  return { sagaId: result.sagaId, status: result.status };
}
