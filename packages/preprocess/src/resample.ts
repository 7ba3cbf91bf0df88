import type { AxisCoefficients } from './coefficients.js';
import { PRECISION_BITS } from './coefficients.js';

// Plain-JavaScript resample passes: the fallback where WebAssembly SIMD is unavailable (wasm-kernels.ts is the
// fast path) and the readable statement of the arithmetic both must reproduce.

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
  const { start, weights, taps } = coeffs;
  const outWidth = start.length;
  const out = new Uint8Array(rows * outWidth * 3);
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const rowBase = (firstRow + y) * width * 3;
    for (let x = 0, wk = 0; x < outWidth; x++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      let s = rowBase + start[x]! * 3;
      for (let k = 0; k < taps; k++, s += 3, wk++) {
        const w = weights[wk]!;
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
  const { start, weights, taps } = coeffs;
  const outHeight = start.length;
  const stride = width * 3;
  const out = new Uint8Array(outHeight * stride);
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const first = (start[y]! - rowOffset) * stride;
    const wk = y * taps;
    for (let i = 0; i < stride; i++) {
      let sum = HALF;
      for (let k = 0, s = first + i; k < taps; k++, s += stride) sum += src[s]! * weights[wk + k]!;
      out[o++] = clip8(sum);
    }
  }
  return out;
}
