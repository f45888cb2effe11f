/** Reads one prom-client histogram from a service's /metrics and compares two readings. */

export interface HistogramReading {
  count: number;
  sum: number;
  /** Cumulative counts by upper bound (seconds or units as the metric has them). */
  buckets: [number, number][];
}

/**
 * The histogram `name` summed over its label sets (those whose line holds every string of `only`, e.g.
 * `route="/lots/:id/bids"`), or undefined when the service does not export it.
 */
export async function readHistogram(
  baseUrl: string,
  name: string,
  only: string[] = [],
): Promise<HistogramReading | undefined> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) return undefined;
  const text = await res.text();
  const reading: HistogramReading = { count: 0, sum: 0, buckets: [] };
  const byBound = new Map<number, number>();
  let seen = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || !only.every((part) => line.includes(part))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${name}_count`)) {
      reading.count += value;
      seen = true;
    } else if (line.startsWith(`${name}_sum`)) reading.sum += value;
    else if (line.startsWith(`${name}_bucket`)) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + value);
    }
  }
  reading.buckets = [...byBound].sort((a, b) => a[0] - b[0]);
  return seen ? reading : undefined;
}

/** What happened between two readings: count, mean and the bucket bound under which p% fell. */
export function histogramBetween(
  before: HistogramReading | undefined,
  after: HistogramReading | undefined,
): { count: number; mean: number; p50_le: number; p95_le: number } | undefined {
  if (!before || !after) return undefined;
  const count = after.count - before.count;
  if (count <= 0) return { count: 0, mean: 0, p50_le: 0, p95_le: 0 };
  const earlier = new Map(before.buckets);
  const deltas = after.buckets.map(([le, n]) => [le, n - (earlier.get(le) ?? 0)] as const);
  const bound = (p: number): number => deltas.find(([, n]) => n >= (count * p) / 100)?.[0] ?? Infinity;
  return { count, mean: (after.sum - before.sum) / count, p50_le: bound(50), p95_le: bound(95) };
}
