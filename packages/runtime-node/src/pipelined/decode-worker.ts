// A decode worker (piscina): one task = one batch's inputs → its preprocessed tensor, handed back by transfer
// (the Float32Array's buffer moves to the main thread; nothing is copied).
import { type NodeImageInput, preloadSharp } from '@swsl/preprocess/node';
import type { PreprocessSpec } from '@swsl/registry';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { type PreparedBatch, prepareBatch } from './prepare-batch.js';

// sharp loaded as the thread starts, not on its first batch: a pool started while the model loads is ready when it is.
void preloadSharp();

export interface DecodeTask {
  readonly inputs: readonly NodeImageInput[];
  readonly spec: PreprocessSpec;
}

export default async function decode({ inputs, spec }: DecodeTask): Promise<unknown> {
  const prepared: PreparedBatch = await prepareBatch(inputs, spec);
  // piscina's transfer protocol for a result that is not itself a buffer: the value, and what to transfer with it.
  return move({ [transferableSymbol]: prepared.data.buffer, [valueSymbol]: prepared } as never);
}
