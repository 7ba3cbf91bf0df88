import type { Filter } from './filters.js';

/**
 * Pillow keeps resampling weights in fixed point with this many fractional bits (`PRECISION_BITS` in
 * `Resample.c`): 32 bits minus 8 for the pixel value minus 2 for headroom when negative bicubic lobes add up.
 */
export const PRECISION_BITS = 22;

/**
 * The weights that make output pixels `first … first + count - 1` along one axis. Pillow gives each output pixel
 * its own window length; here every window has the axis's longest length, `taps`: shorter ones are padded with
 * zero weights, and a window that would then run past the image's end is moved back (its weights shifted to
 * match). Adding `0 × pixel` leaves the integer sums unchanged, so the result is identical, and the kernels get a
 * fixed inner loop (and WebAssembly SIMD a fixed stride).
 */
export interface AxisCoefficients {
  /** Per output pixel (relative to `first`): the first input pixel its window reads. */
  readonly start: Int32Array;
  /** `count × taps` fixed-point weights; row `i` belongs to output pixel `first + i`. */
  readonly weights: Int32Array;
  /** Window length, the same for every output pixel of the axis. */
  readonly taps: number;
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
  const xmins = new Int32Array(count);
  const lengths = new Int32Array(count);
  const pillowWeights = new Int32Array(count * ksize);
  const w = new Float64Array(ksize);
  const invScale = 1 / filterScale;
  const one = 1 << PRECISION_BITS;
  let taps = 0;
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
      pillowWeights[i * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * one) : Math.trunc(0.5 + k * one);
    }
    xmins[i] = xmin;
    lengths[i] = xmax;
    if (xmax > taps) taps = xmax;
  }
  // Fixed-length windows (see AxisCoefficients); `taps <= inSize` since every Pillow window lies inside the image.
  const start = new Int32Array(count);
  const weights = new Int32Array(count * taps);
  for (let i = 0; i < count; i++) {
    start[i] = Math.min(xmins[i]!, inSize - taps);
    const shift = xmins[i]! - start[i]!;
    weights.set(pillowWeights.subarray(i * ksize, i * ksize + lengths[i]!), i * taps + shift);
  }
  return { start, weights, taps };
}
