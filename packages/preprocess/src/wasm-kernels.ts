import type { AxisCoefficients } from './coefficients.js';
import type { NormalizationTables } from './normalize.js';
import { KERNELS_WASM } from './wasm-kernels.data.js';

/**
 * The hot loops on WebAssembly (source: assembly/kernels.ts): both resample passes with 128-bit SIMD, 4 to 16
 * samples per instruction, and the normalisation table lookups. Same integer arithmetic and the same tables as
 * resample.ts and normalize.ts, which stay as the fallback where WebAssembly SIMD is missing (each entry point
 * returns `undefined` / `false` there). The module has no allocator: each call lays out its buffers from offset 0
 * of the module's memory, growing it when needed, copies inputs in and results out.
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
  normalizeChw(src: number, pixels: number, tables: number, dst: number): void;
}

let kernels: Kernels | null | undefined;

/** Compiled once, synchronously (the module is about 1 KB); `null` where the runtime rejects it (no SIMD). */
function loadKernels(): Kernels | null {
  if (kernels === undefined) {
    try {
      kernels = new WebAssembly.Instance(new WebAssembly.Module(KERNELS_WASM)).exports as unknown as Kernels;
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

export function wasmAvailable(): boolean {
  return loadKernels() !== null;
}

/**
 * Byte offsets for buffers of the given sizes, each 16-aligned and followed by at least 16 spare bytes (vector
 * loads and stores may run up to 15 bytes past a buffer's last row: what they read there is ignored, what they
 * write is overwritten or unused), and the module's memory grown to hold them all.
 */
function layout<T extends readonly number[]>(k: Kernels, sizes: T): [ArrayBuffer, { [I in keyof T]: number }] {
  let top = 0;
  const offsets = sizes.map((bytes) => {
    const at = top;
    top += (bytes + 31) & ~15;
    return at;
  });
  const pages = Math.ceil(top / 65536) - k.memory.buffer.byteLength / 65536;
  if (pages > 0) k.memory.grow(pages);
  return [k.memory.buffer, offsets as { [I in keyof T]: number }];
}

/**
 * `resampleColumns(resampleRows(rgb, …), …)` in one call: the `rowCount` input rows from `firstRow` through both
 * passes, giving `vertical.start.length` rows of `horizontal.start.length` RGB pixels.
 */
export function resampleBothWasm(
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
  const [buffer, [src, hStarts, hWeights, mid, vStarts, vWeights, dst]] = layout(k, [
    rowCount * srcStride,
    outWidth * 4,
    horizontal.weights.byteLength,
    rowCount * midStride,
    outHeight * 4,
    vertical.weights.byteLength,
    outHeight * midStride,
  ] as const);
  new Uint8Array(buffer, src).set(rgb.subarray(firstRow * srcStride, (firstRow + rowCount) * srcStride));
  // The kernels take byte offsets into a row, and row indices into the copied rows.
  const hs = new Int32Array(buffer, hStarts, outWidth);
  for (let x = 0; x < outWidth; x++) hs[x] = horizontal.start[x]! * 3;
  new Int32Array(buffer, hWeights).set(horizontal.weights);
  const vs = new Int32Array(buffer, vStarts, outHeight);
  for (let y = 0; y < outHeight; y++) vs[y] = vertical.start[y]! - firstRow;
  new Int32Array(buffer, vWeights).set(vertical.weights);

  k.horizontal(src, srcStride, rowCount, hStarts, hWeights, horizontal.taps, outWidth, mid);
  k.vertical(mid, midStride, outHeight, vStarts, vWeights, vertical.taps, dst);
  return new Uint8Array(buffer, dst, outHeight * midStride).slice();
}

/** `writeNormalizedChw` on WebAssembly; `false` (nothing written) without it. */
export function writeNormalizedChwWasm(
  rgb: Uint8Array,
  tables: NormalizationTables,
  out: Float32Array,
  offset: number,
): boolean {
  const k = loadKernels();
  if (!k) return false;
  const pixels = rgb.length / 3;
  const [buffer, [src, table, dst]] = layout(k, [rgb.length, 3 * 1024, pixels * 12] as const);
  new Uint8Array(buffer, src).set(rgb);
  for (let c = 0; c < 3; c++) new Float32Array(buffer, table + c * 1024, 256).set(tables[c]!);
  k.normalizeChw(src, pixels, table, dst);
  out.set(new Float32Array(buffer, dst, pixels * 3), offset);
  return true;
}
