import type { AxisCoefficients } from './coefficients.js';
import { PRECISION_BITS } from './coefficients.js';

const HALF = 1 << (PRECISION_BITS - 1);
/** Sums at or above this clip to 255: 256 << PRECISION_BITS. */
const CLIP_HIGH = 256 * (1 << PRECISION_BITS);

/** Pillow's `clip8`: fixed-point sum to a byte, saturating. */
function clip8(sum: number): number {
  if (sum >= CLIP_HIGH) return 255;
  if (sum <= 0) return 0;
  return sum >> PRECISION_BITS;
}

/**
 * Pillow's horizontal pass (`ImagingResampleHorizontal_8bpc`) over packed RGB: for each of `rows` input rows
 * starting at `firstRow`, the output columns described by `coeffs`, rounded to bytes (Pillow stores this pass
 * in an 8-bit image, and that intermediate rounding is part of the exact result).
 */
export function resampleRows(
  src: Uint8Array,
  width: number,
  firstRow: number,
  rows: number,
  coeffs: AxisCoefficients,
): Uint8Array {
  const { start, taps, weights, ksize } = coeffs;
  const outWidth = start.length;
  const out = new Uint8Array(rows * outWidth * 3);
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const rowBase = (firstRow + y) * width * 3;
    for (let x = 0; x < outWidth; x++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      let s = rowBase + start[x]! * 3;
      const kBase = x * ksize;
      const n = taps[x]!;
      for (let k = 0; k < n; k++, s += 3) {
        const w = weights[kBase + k]!;
        r += src[s]! * w;
        g += src[s + 1]! * w;
        b += src[s + 2]! * w;
      }
      out[o++] = clip8(r);
      out[o++] = clip8(g);
      out[o++] = clip8(b);
    }
  }
  return out;
}

/**
 * Pillow's vertical pass (`ImagingResampleVertical_8bpc`) over packed RGB rows of `width` pixels; `rowOffset` is
 * the input row that `src` starts at (the horizontal pass only produced the rows the crop needs).
 */
export function resampleColumns(
  src: Uint8Array,
  width: number,
  rowOffset: number,
  coeffs: AxisCoefficients,
): Uint8Array {
  const { start, taps, weights, ksize } = coeffs;
  const outHeight = start.length;
  const stride = width * 3;
  const out = new Uint8Array(outHeight * stride);
  // Row-at-a-time accumulation: for each tap, one straight pass over the row. The same integer sums as Pillow's
  // per-pixel loop (addition order does not matter for integers), in a shape the JIT turns into tight code.
  const sums = new Int32Array(stride);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(HALF);
    const kBase = y * ksize;
    const n = taps[y]!;
    for (let k = 0; k < n; k++) {
      const w = weights[kBase + k]!;
      const row = (start[y]! - rowOffset + k) * stride;
      for (let i = 0; i < stride; i++) sums[i] = (sums[i]! + src[row + i]! * w) | 0;
    }
    const o = y * stride;
    for (let i = 0; i < stride; i++) out[o + i] = clip8(sums[i]!);
  }
  return out;
}
