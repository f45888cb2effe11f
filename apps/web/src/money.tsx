/** Money is integer minor units (cents) in the API; pages show and read it as major units. */
export function formatMoney(minor: string | number | null | undefined): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = (abs / 100n).toLocaleString('en-US');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}$${units}.${cents}`;
}

/** "12.5" → 1250; undefined when not a positive amount with at most two decimals. */
export function parseMoney(input: string): number | undefined {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(input);
  if (!m) return undefined;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return minor > 0 ? minor : undefined;
}

/** The bid a "+p%" button places: p percent over the current price, never below the minimum next bid. */
export function percentBid(current: string, minimumNext: string, percent: number): string {
  const base = BigInt(current);
  const raised = (base * BigInt(100 + percent) + 99n) / 100n;
  const min = BigInt(minimumNext);
  return (raised > min ? raised : min).toString();
}

export const toMajor = (minor: string): string => (Number(minor) / 100).toFixed(2);
