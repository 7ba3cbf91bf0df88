/** Bins per activation histogram: fine enough that a percentile or an entropy threshold is within 0.05% of the range. */
export const HISTOGRAM_BINS = 2048;

/** Counts of float values in equal bins over [lo, hi]; values outside go to the end bins. */
export class Histogram {
  readonly counts = new Float64Array(HISTOGRAM_BINS);
  readonly width: number;

  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {
    this.width = (hi - lo) / HISTOGRAM_BINS || 1;
  }

  add(values: Float32Array): void {
    const { lo, width, counts } = this;
    const last = HISTOGRAM_BINS - 1;
    for (let i = 0; i < values.length; i++) {
      const bin = Math.max(0, Math.min(last, Math.floor(((values[i] as number) - lo) / width)));
      counts[bin] = (counts[bin] as number) + 1;
    }
  }

  /** The value below which `fraction` of the counts lie (upper edge of the bin where the sum crosses it). */
  quantile(fraction: number): number {
    const total = this.counts.reduce((a, b) => a + b, 0);
    let sum = 0;
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      sum += this.counts[i] as number;
      if (sum >= fraction * total) return this.lo + (i + 1) * this.width;
    }
    return this.hi;
  }
}
