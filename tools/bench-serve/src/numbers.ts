// Small pure helpers: latency percentiles, how many times to repeat the photos, which photos each connection sends.

/** The q-quantile (0 < q ≤ 1) of `values` by nearest rank: the smallest value with at least q of them at or under. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('percentile of nothing');
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1] as number;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Milliseconds; null when nothing answered. */
export function latencySummary(ms: readonly number[]): LatencySummary | null {
  if (ms.length === 0) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted.at(-1) as number,
  };
}

/** How many times to repeat `distinct` photos for about `seconds` of work at `imagesPerSecond` (at least once). */
export const repeatsFor = (imagesPerSecond: number, seconds: number, distinct: number): number =>
  Math.max(1, Math.round((imagesPerSecond * seconds) / distinct));

/**
 * The photos connection `client` cycles through, as indices into `distinct` photos: every photo, starting at a
 * different one per connection (so concurrent requests carry different photos, not the same one in lockstep); past
 * 32 connections only `limit` of them, since every connection holds its own copy of its requests.
 */
export function clientPhotos(client: number, distinct: number, connections: number, limit = 8): number[] {
  const count = connections <= 32 ? distinct : Math.min(distinct, limit);
  const start = (client * Math.max(1, Math.floor(distinct / Math.min(connections, distinct)))) % distinct;
  return Array.from({ length: count }, (_, i) => (start + i) % distinct);
}
