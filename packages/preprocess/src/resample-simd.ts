import type { AxisCoefficients } from './coefficients.js';
import { RESAMPLE_KERNELS_WASM } from './resample-kernels.data.js';

/**
 * Both resample passes (horizontal into bytes, then vertical) on WebAssembly SIMD: the same integer arithmetic as
 * resample.ts, 4 to 16 samples per instruction (kernels in assembly/resample.ts). The JavaScript passes remain the
 * fallback where WebAssembly SIMD is missing.
 */

interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  horizontal(
    src: number,
    srcStride: number,
    rows: number,
    starts: number,
    weights: number,
    taps: number,
    outWidth: number,
    dst: number,
  ): void;
  vertical(
    src: number,
    stride: number,
    outRows: number,
    starts: number,
    weights: number,
    taps: number,
    dst: number,
  ): void;
}

let kernels: Kernels | null | undefined;

/** Compiled once, synchronously (the module is under 1 KB); `null` where the runtime rejects it (no SIMD). */
function loadKernels(): Kernels | null {
  if (kernels === undefined) {
    try {
      const module = new WebAssembly.Module(RESAMPLE_KERNELS_WASM);
      kernels = new WebAssembly.Instance(module).exports as unknown as Kernels;
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

export function simdAvailable(): boolean {
  return loadKernels() !== null;
}

/**
 * `resampleColumns(resampleRows(rgb, …), …)` in one call: the `rowCount` input rows from `firstRow` through both
 * passes, giving `vertical.start.length` rows of `horizontal.start.length` RGB pixels. `undefined` without SIMD.
 */
export function resampleBothSimd(
  rgb: Uint8Array,
  width: number,
  firstRow: number,
  rowCount: number,
  horizontal: AxisCoefficients,
  vertical: AxisCoefficients,
): Uint8Array | undefined {
  const k = loadKernels();
  if (!k) return undefined;
  const srcStride = width * 3;
  const outWidth = horizontal.start.length;
  const outHeight = vertical.start.length;
  const midStride = outWidth * 3;
  // Byte layout in the module's memory, each region 16-aligned with 16 spare bytes: vector loads and stores may
  // run up to 15 bytes past a region's last row (what they read there is ignored, what they write is overwritten).
  let top = 0;
  const region = (bytes: number) => {
    const at = top;
    top += (bytes + 31) & ~15;
    return at;
  };
  const src = region(rowCount * srcStride);
  const hStarts = region(outWidth * 4);
  const hWeights = region(horizontal.weights.byteLength);
  const mid = region(rowCount * midStride);
  const vStarts = region(outHeight * 4);
  const vWeights = region(vertical.weights.byteLength);
  const dst = region(outHeight * midStride);
  const pages = Math.ceil(top / 65536) - k.memory.buffer.byteLength / 65536;
  if (pages > 0) k.memory.grow(pages);

  const buffer = k.memory.buffer;
  new Uint8Array(buffer, src, rowCount * srcStride).set(
    rgb.subarray(firstRow * srcStride, (firstRow + rowCount) * srcStride),
  );
  // The kernels take byte offsets into a row and row indices into the copied rows.
  const hs = new Int32Array(buffer, hStarts, outWidth);
  for (let x = 0; x < outWidth; x++) hs[x] = horizontal.start[x]! * 3;
  new Int32Array(buffer, hWeights, horizontal.weights.length).set(horizontal.weights);
  const vs = new Int32Array(buffer, vStarts, outHeight);
  for (let y = 0; y < outHeight; y++) vs[y] = vertical.start[y]! - firstRow;
  new Int32Array(buffer, vWeights, vertical.weights.length).set(vertical.weights);

  k.horizontal(src, srcStride, rowCount, hStarts, hWeights, horizontal.taps, outWidth, mid);
  k.vertical(mid, midStride, outHeight, vStarts, vWeights, vertical.taps, dst);
  return new Uint8Array(buffer, dst, outHeight * midStride).slice();
}
