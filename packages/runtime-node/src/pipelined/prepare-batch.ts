import { readFile } from 'node:fs/promises';
import { decodeImage, type NodeImageInput, type RawPixels, TensorBatch } from '@swsl/preprocess/node';
import type { PreprocessSpec } from '@swsl/registry';
import { type InputError, inputError } from './input-error.js';

/**
 * One batch, preprocessed: the rows of the images that decoded (`rows[i]` = the position in the batch of row i),
 * and an error per image that did not. `data` holds exactly `rows.length` images.
 */
export interface PreparedBatch {
  readonly data: Float32Array;
  readonly dims: [number, 3, number, number];
  readonly rows: readonly number[];
  readonly errors: readonly (InputError & { readonly position: number })[];
}

/** The name an input goes by in errors, as `preprocessBatch` names it. */
export const inputName = (input: NodeImageInput): string =>
  typeof input === 'string' ? input : input instanceof Uint8Array ? '<bytes>' : '<pixels>';

// The same steps as `preprocessBatch` of @swsl/preprocess/node (read, decode, TensorBatch.set), so a row is
// bit-identical to what the sequential classifier feeds its session; unlike it, a failure costs one row, not the batch.
async function toPixels(input: NodeImageInput): Promise<RawPixels> {
  if (typeof input === 'string') return decodeImage(await readFile(input), { name: input });
  if (input instanceof Uint8Array) return decodeImage(input);
  return input;
}

/**
 * Images → the model's input for those that decode, one image at a time (decode, write its row, drop it), the rows
 * packed from the top so the tensor is exactly the images that can run. Runs in a decode worker or in-thread.
 */
export async function prepareBatch(inputs: readonly NodeImageInput[], spec: PreprocessSpec): Promise<PreparedBatch> {
  const batch = new TensorBatch(inputs.length, spec);
  const rows: number[] = [];
  const errors: (InputError & { position: number })[] = [];
  for (const [position, input] of inputs.entries()) {
    try {
      batch.set(rows.length, await toPixels(input), inputName(input));
      rows.push(position);
    } catch (error) {
      errors.push({ position, ...inputError(inputName(input), error) });
    }
  }
  const size = batch.spec.cropSize;
  const data = rows.length === inputs.length ? batch.data : batch.data.subarray(0, rows.length * 3 * size * size);
  return { data, dims: [rows.length, 3, size, size], rows, errors };
}
