// Summaries of repeated measurements. The machine is shared: the best round is the least disturbed, the median the
// typical one; both are reported.

export interface BestMedian {
  readonly best: number;
  readonly median: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The highest and the median: for quantities where higher is better (images/s). */
export function highest(values: readonly number[]): BestMedian {
  return { best: Math.max(...values), median: median(values) };
}

/** For costs (seconds per image), where the least disturbed round is the lowest. */
export function lowest(values: readonly number[]): BestMedian {
  return { best: Math.min(...values), median: median(values) };
}

/**
 * a ÷ b from per-round values measured in the same rounds: best = the best a over the best b, median = the median of
 * each round's a ÷ b. Pairing by round cancels what drifts between rounds (a shared VM's speed changes by 2× or more
 * from minute to minute); the median of a ÷ median of b would not.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): BestMedian {
  if (a.length !== b.length) throw new RangeError(`${a.length} rounds against ${b.length}`);
  return { best: Math.max(...a) / Math.max(...b), median: median(a.map((x, i) => x / (b[i] as number))) };
}
