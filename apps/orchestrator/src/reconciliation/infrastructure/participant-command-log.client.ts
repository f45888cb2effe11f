import { Injectable } from '@nestjs/common';
import { COMMAND_LOG_LOOKUP_PATH, CommandLogLookupRequest, CommandLogLookupResponse } from '@app/contracts';
import { DefaultPorts, intEnv } from '@app/common';
import { RequestContext } from '@app/observability';
import type { ParticipantEntry } from '../domain/reconciliation';
import type { ParticipantCommandLogsPort } from '../application/reconciliation.ports';

/** GAVEL_<PARTICIPANT>_URL, else the participant's default local port; undefined for an unknown one. */
export function participantUrl(
  participant: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const fromEnv = env[`GAVEL_${participant.toUpperCase().replace(/-/g, '_')}_URL`];
  if (fromEnv) return fromEnv.replace(/\/+$/, '');
  const port = (DefaultPorts as Record<string, number | undefined>)[participant];
  return port === undefined ? undefined : `http://127.0.0.1:${port}`;
}

/**
 * `POST /command-log/lookup` on a participant, as an operator (`x-gavel-role: admin`), with a deadline
 * (GAVEL_RECONCILE_TIMEOUT_MS, default 10 s). Any failure is thrown: the participant counts as unreachable.
 */
@Injectable()
export class HttpParticipantCommandLogs implements ParticipantCommandLogsPort {
  private readonly timeoutMs = intEnv('GAVEL_RECONCILE_TIMEOUT_MS', 10_000);

  async lookup(participant: string, commandIds: readonly string[]): Promise<ParticipantEntry[]> {
    const base = participantUrl(participant);
    if (!base)
      throw new Error(`no URL for participant ${participant} (set GAVEL_${participant.toUpperCase()}_URL)`);
    const ctx = RequestContext.current();
    let res: Response;
    try {
      res = await fetch(`${base}${COMMAND_LOG_LOOKUP_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-gavel-role': 'admin',
          ...(ctx?.correlationId ? { 'x-correlation-id': ctx.correlationId } : {}),
          ...(ctx?.traceparent ? { traceparent: ctx.traceparent } : {}),
        },
        body: JSON.stringify({ commandIds: [...commandIds] } satisfies CommandLogLookupRequest),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const { name, message, cause } = e as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
      const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
      const why =
        name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `${String(message)}${code}`;
      throw new Error(`${base}${COMMAND_LOG_LOOKUP_PATH}: ${why}`);
    }
    const text = await res.text();
    if (!res.ok)
      throw new Error(`${base}${COMMAND_LOG_LOOKUP_PATH} answered ${res.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as CommandLogLookupResponse;
    if (!Array.isArray(body?.entries))
      throw new Error(`${base}${COMMAND_LOG_LOOKUP_PATH} answered without entries`);
    return body.entries.map((e) => ({
      commandId: e.commandId,
      outcome: e.outcome,
      replyType: e.replyType,
      code: e.code,
      at: e.at,
    }));
  }
}
