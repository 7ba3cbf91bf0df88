import type { Filter } from './filters.js';

/**
 * Pillow keeps resampling weights in fixed point with this many fractional bits (`PRECISION_BITS` in
 * `Resample.c`): 32 bits minus 8 for the pixel value minus 2 for headroom when negative bicubic lobes add up.
 */
export const PRECISION_BITS = 22;

/** The weights that make output pixels `first … first + count - 1` along one axis. */
export interface AxisCoefficients {
  /** Per output pixel (relative to `first`): the first input pixel it reads. */
  readonly start: Int32Array;
  /** Per output pixel: how many input pixels it reads. */
  readonly taps: Int32Array;
  /** `count × ksize` fixed-point weights; row `i` belongs to output pixel `first + i`. */
  readonly weights: Int32Array;
  readonly ksize: number;
}

/**
 * Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the whole-image box, restricted to the output pixels
 * that survive the crop. Every step (double arithmetic, truncating casts, per-pixel normalisation, rounding away
 * from zero into 22-bit integers) follows Pillow's order, so the integer weights are identical.
 */
export function axisCoefficients(
  inSize: number,
  outSize: number,
  filter: Filter,
  first: number,
  count: number,
): AxisCoefficients {
  const scale = inSize / outSize;
  // Downscaling widens the kernel by the scale factor (this is the antialiasing); upscaling keeps it.
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(count);
  const taps = new Int32Array(count);
  const weights = new Int32Array(count * ksize);
  const w = new Float64Array(ksize);
  const invScale = 1 / filterScale;
  const one = 1 << PRECISION_BITS;
  for (let i = 0; i < count; i++) {
    const center = (first + i + 0.5) * scale;
    // C's (int) cast truncates toward zero, also for negative values, before the clamp.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const value = filter.weight((x + xmin - center + 0.5) * invScale);
      w[x] = value;
      total += value;
    }
    for (let x = 0; x < xmax; x++) {
      const k = total !== 0 ? w[x]! / total : w[x]!;
      weights[i * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * one) : Math.trunc(0.5 + k * one);
    }
    start[i] = xmin;
    taps[i] = xmax;
  }
  return { start, taps, weights, ksize };
}
