/**
 * GAVEL_SECOND_CHANCE_WINDOW: how long a runner-up may take up a second-chance offer. Milliseconds as an
 * integer (`86400000`) or an ISO 8601 duration of days, hours, minutes and seconds (`PT24H`, `P1D`,
 * `PT30S`, `P1DT12H`); default 24 hours. A malformed or empty window, or one outside 1 s to 30 days, stops
 * the lot service at start (the handlers read it when they are built).
 */
export const DEFAULT_SECOND_CHANCE_WINDOW_MS = 24 * 3600 * 1000;
const MIN_MS = 1000;
const MAX_MS = 30 * 24 * 3600 * 1000;

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export function secondChanceWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GAVEL_SECOND_CHANCE_WINDOW;
  if (raw === undefined) return DEFAULT_SECOND_CHANCE_WINDOW_MS;
  const ms = parseWindow(raw.trim());
  if (ms === undefined || ms < MIN_MS || ms > MAX_MS)
    throw new Error(
      `GAVEL_SECOND_CHANCE_WINDOW must be milliseconds or an ISO 8601 duration (PT24H) from 1 s to 30 days, got "${raw}"`,
    );
  return ms;
}

function parseWindow(text: string): number | undefined {
  if (/^\d{1,13}$/.test(text)) return Number(text);
  const m = ISO_DURATION.exec(text);
  // "P" and "PT" alone name no duration.
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return Math.round(((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000);
}
