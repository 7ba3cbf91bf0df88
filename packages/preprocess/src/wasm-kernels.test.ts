import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { axisCoefficients } from './coefficients.js';
import { convolutionFilter } from './filters.js';
import { centerCropAxis, resizedSize } from './geometry.js';
import { normalizationTables, writeNormalizedChw } from './normalize.js';
import { resampleColumns, resampleRows } from './resample.js';
import { resampleBothWasm, wasmAvailable, writeNormalizedChwWasm } from './wasm-kernels.js';

// The oracle corpus checks whichever path runs (SIMD here); this checks the two paths agree byte for byte, so the
// JavaScript fallback is held to the same Pillow results. Random noise, including bicubic overshoot below 0 and
// above 255, over sizes that exercise short rows, windows shifted at the image's end, and vector tails.
describe('WebAssembly kernels = their JavaScript fallbacks', () => {
  it('is available in Node, and the committed module is assembly/kernels.ts compiled', () => {
    expect(wasmAvailable()).toBe(true);
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  });

  it.each(['bilinear', 'bicubic'] as const)('%s: 400 random images, sizes and crops', (interpolation) => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const filter = convolutionFilter(interpolation);
    for (let t = 0; t < 400; t++) {
      const width = 1 + Math.floor(random() * (t < 200 ? 40 : 700));
      const height = 1 + Math.floor(random() * (t < 200 ? 40 : 700));
      const size = 1 + Math.floor(random() * 300);
      const crop = 1 + Math.floor(random() * 300);
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0; i < rgb.length; i++) rgb[i] = random() < 0.3 ? (random() < 0.5 ? 0 : 255) : random() * 256;
      const resized = resizedSize(width, height, size);
      const cropX = centerCropAxis(resized.width, crop);
      const cropY = centerCropAxis(resized.height, crop);
      const h = axisCoefficients(width, resized.width, filter, cropX.source, cropX.count);
      const v = axisCoefficients(height, resized.height, filter, cropY.source, cropY.count);
      const firstRow = v.start[0]!;
      const rowCount = v.start[v.start.length - 1]! + v.taps - firstRow;
      const js = resampleColumns(resampleRows(rgb, width, firstRow, rowCount, h), cropX.count, firstRow, v);
      const simd = resampleBothWasm(rgb, width, firstRow, rowCount, h, v);
      if (!simd || Buffer.compare(simd, js) !== 0) {
        expect.fail(`${width}×${height} → ${resized.width}×${resized.height}, crop ${crop}: SIMD differs`);
      }
    }
  });

  it('normalises like the JavaScript tables, every sample value in every channel', () => {
    const rgb = new Uint8Array(3 * 256 * 7);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37 + (i >> 8)) & 255;
    const tables = normalizationTables([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
    const js = new Float32Array(rgb.length + 10);
    const wasm = new Float32Array(rgb.length + 10).fill(Number.NaN);
    wasm.fill(0, 0, 5);
    wasm.fill(0, 5 + rgb.length);
    writeNormalizedChw(rgb, tables, js, 5);
    expect(writeNormalizedChwWasm(rgb, tables, wasm, 5)).toBe(true);
    expect(Buffer.compare(Buffer.from(wasm.buffer), Buffer.from(js.buffer))).toBe(0);
  });
});
