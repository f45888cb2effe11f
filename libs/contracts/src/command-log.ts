/**
 * `POST /command-log/lookup` on every saga participant (internal, never through the gateway): what the
 * participant's `command_log` holds for the given commandIds, so the orchestrator can reconcile a
 * saga's recorded step outcomes with the participants' own record. Unknown ids are simply absent.
 */
export const COMMAND_LOG_LOOKUP_PATH = '/command-log/lookup';
export const COMMAND_LOG_LOOKUP_MAX_IDS = 1000;

export interface CommandLogLookupRequest {
  commandIds: string[];
}

export interface CommandLogEntry {
  commandId: string;
  /** The command's type, e.g. `wallet.hold`. */
  type: string;
  sagaId: string;
  /** The outcome of the reply the participant kept (and sent). */
  outcome: 'success' | 'failure';
  replyType: string;
  /** The business failure code of a failure reply. */
  code?: string;
  /** When the participant applied (or refused) the command, ISO 8601. */
  at?: string;
}

export interface CommandLogLookupResponse {
  entries: CommandLogEntry[];
}
