import { RANGE_METHODS, type RangeMethod } from '@swsl/registry';
import { HISTOGRAM_BINS, type Histogram } from './histogram.js';

// The list of methods is the registry's (the CLI declares its choices from there); their meaning is computed here.
export { RANGE_METHODS, type RangeMethod };
export const DEFAULT_PERCENTILE = 99.999;

/** uint8 has 256 levels. */
const LEVELS = 256;

export function percentileRange(h: Histogram, signed: boolean, percentile = DEFAULT_PERCENTILE): [number, number] {
  const tail = (100 - percentile) / 100;
  return [signed ? h.quantile(tail) - h.width : 0, h.quantile(1 - tail)];
}

/**
 * The clipping threshold T (a multiple of the bin width) whose 256-level quantization of the clipped histogram
 * loses the least information, KL(P ‖ Q), as TensorRT's entropy calibrator chooses it. For `h` over [0, max].
 */
export function entropyThreshold(h: Histogram): number {
  const counts = h.counts;
  let best = HISTOGRAM_BINS;
  let bestKl = Number.POSITIVE_INFINITY;
  for (let bins = LEVELS; bins <= HISTOGRAM_BINS; bins += 16) {
    const p = Array.from(counts.subarray(0, bins));
    let outliers = 0;
    for (let i = bins; i < HISTOGRAM_BINS; i++) outliers += counts[i] as number;
    p[bins - 1] = (p[bins - 1] as number) + outliers;
    // Q: the clipped histogram merged into 256 levels, each level's mass spread over its non-empty bins.
    const q = new Float64Array(bins);
    for (let level = 0; level < LEVELS; level++) {
      const start = Math.floor((level * bins) / LEVELS);
      const end = Math.floor(((level + 1) * bins) / LEVELS);
      let mass = 0;
      let nonEmpty = 0;
      for (let i = start; i < end; i++) {
        mass += counts[i] as number;
        if ((counts[i] as number) > 0) nonEmpty++;
      }
      for (let i = start; i < end; i++) if ((counts[i] as number) > 0) q[i] = mass / nonEmpty;
    }
    const kl = divergence(p, q);
    if (kl < bestKl) {
      bestKl = kl;
      best = bins;
    }
  }
  return h.lo + best * h.width;
}

function divergence(p: number[], q: Float64Array): number {
  const pSum = p.reduce((a, b) => a + b, 0);
  const qSum = q.reduce((a, b) => a + b, 0);
  if (pSum === 0 || qSum === 0) return 0;
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / pSum;
    if (pi === 0) continue;
    // An empty Q bin where P has mass: a tiny floor keeps the sum finite (it only happens at the outlier bin).
    const qi = Math.max((q[i] as number) / qSum, 1e-12);
    kl += pi * Math.log(pi / qi);
  }
  return kl;
}
