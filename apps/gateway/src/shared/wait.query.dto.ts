export { WaitQueryDto } from '@app/common';

/** The upstream call waits `waitMs`, so its deadline is that plus the usual one. */
export const longPollQuery = (waitMs: number): { query?: Record<string, string> } => (waitMs > 0 ? { query: { waitMs: String(waitMs) } } : {});
