import type { CreateHasher } from '../capabilities.js';
import type { ModelInput } from '../pipeline.js';

// Core builds for every platform without DOM or Node types; both have the WHATWG TextEncoder.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/** The images int8 activation ranges are calibrated on, already preprocessed the model's way. */
export interface CalibrationSet {
  /** sha256 over the images (see `calibrationSetSha256`), recorded in the int8 model's metadata. */
  readonly sha256: string;
  readonly images: number;
  /** One image per batch: the calibration graph's outputs for a batch of 8 would hold ~0.3–1 GB. */
  batches(): AsyncIterable<ModelInput> | Iterable<ModelInput>;
}

export interface CalibrationFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * sha256 of `<name>\n<byte length>\n<bytes>` for each file in name order: the same photos under the same names give
 * the same hash on every platform, whatever order a directory listing returns them in.
 */
export async function calibrationSetSha256(
  createHasher: CreateHasher,
  files: readonly CalibrationFile[],
): Promise<string> {
  const hasher = await createHasher();
  const encoder = new TextEncoder();
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hasher.update(encoder.encode(`${f.name}\n${f.bytes.length}\n`));
    hasher.update(f.bytes);
  }
  return hasher.digest();
}
