/**
 * @swsl/preprocess/node — bytes or files → the model's input tensor, decoding with sharp (libvips) exactly as
 * Pillow decodes. Everything platform-neutral is re-exported, so Node code needs only this entry.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import type { RawPixels } from '../pixels.js';
import type { PixelOptions, PreprocessedBatch } from '../preprocess.js';
import { TensorBatch } from '../preprocess.js';
import { type DecodeOptions, decodeImage } from './decode.js';

export * from '../index.js';
export { type DecodeOptions, decodeImage } from './decode.js';
export { preloadSharp } from './sharp-decoder.js';

/** Encoded bytes, a file path, or already-decoded pixels. */
export type NodeImageInput = Uint8Array | string | RawPixels;

export interface PreprocessOptions extends PixelOptions, Omit<DecodeOptions, 'name'> {}

async function toPixels(input: NodeImageInput, options: PreprocessOptions): Promise<[RawPixels, string]> {
  if (typeof input === 'string') return [await decodeImage(await readFile(input), { ...options, name: input }), input];
  if (input instanceof Uint8Array) return [await decodeImage(input, options), '<bytes>'];
  return [input, '<pixels>'];
}

/** Images → one `[N, 3, crop, crop]` float32 tensor (plus the uint8 crops), decoded and written one at a time. */
export async function preprocessBatch(
  inputs: readonly NodeImageInput[],
  options: PreprocessOptions = {},
): Promise<PreprocessedBatch> {
  const batch = new TensorBatch(inputs.length, options.spec);
  for (const [i, input] of inputs.entries()) {
    const [pixels, name] = await toPixels(input, options);
    batch.set(i, pixels, name);
  }
  return batch.result();
}

/** One image → `[1, 3, crop, crop]`. */
export function preprocess(input: NodeImageInput, options: PreprocessOptions = {}): Promise<PreprocessedBatch> {
  return preprocessBatch([input], options);
}
