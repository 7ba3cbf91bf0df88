/**
 * int8 and w8 made in the browser, as `swsl convert --dtype int8|w8` makes them in Node: core's `withCalibration`
 * converts the fp32 calibration graph, runs it on onnxruntime-web (WASM) over the calibration photos that
 * `@swsl/registry` ships, preprocessed exactly as inference preprocesses, and converts again with the ranges found.
 * Loaded only by a conversion that quantizes: onnxruntime-web and the photos stay out of an fp32 conversion.
 */
import { type ByteSource, convertCheckpoint, quantizationPoints } from '@swsl/convert';
import { type CalibrationSet, type Converter, calibrationSetSha256, withCalibration } from '@swsl/core';
import { preprocess } from '@swsl/preprocess/browser';
import { calibrationPhotos } from '@swsl/registry/calibration-photos';
import { createBrowserHasher } from './hasher.js';
import { loadOrt } from './ort.js';
import { configureWasm, type WasmSettings } from './wasm-env.js';

/** The built-in photos, hashed as runtime-node hashes them (same names, same bytes: the same sha256 in metadata). */
async function builtInCalibrationSet(): Promise<CalibrationSet> {
  const photos = calibrationPhotos();
  return {
    sha256: await calibrationSetSha256(createBrowserHasher, photos),
    images: photos.length,
    async *batches() {
      for (const photo of photos) yield await preprocess(photo.bytes);
    },
  };
}

/**
 * `convertCheckpoint` plus the 8-bit dtypes, calibrating on this realm's onnxruntime-web. `wasm` is the page's
 * setting (threads, where the `.wasm` is served), so a worker runs the calibration graph as the page runs models.
 */
export function browserQuantizer(
  wasm: WasmSettings,
  onCalibrate?: (done: number, total: number) => void,
): Converter<Uint8Array | ByteSource> {
  return withCalibration<Uint8Array | ByteSource>({
    convert: (input, options) => convertCheckpoint(input, options),
    points: (arch) => quantizationPoints(arch as Parameters<typeof quantizationPoints>[0]),
    createSession: async (onnx) => {
      const ort = await loadOrt();
      // Warnings about settings are the page's business: its own classifier reports them.
      configureWasm(ort, wasm, () => {});
      return ort.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    },
    calibrationSet: builtInCalibrationSet,
    ...(onCalibrate ? { onCalibrate } : {}),
  });
}
