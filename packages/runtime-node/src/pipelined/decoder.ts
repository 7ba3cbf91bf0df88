import type { NodeImageInput } from '@swsl/preprocess/node';
import type { PreprocessSpec } from '@swsl/registry';
import type { DecodeTask } from './decode-worker.js';
import { type PreparedBatch, prepareBatch } from './prepare-batch.js';

/** Turns a batch's inputs into its tensor: in this thread, or in a pool of worker threads. */
export interface BatchDecoder {
  readonly workers: number;
  prepare(inputs: readonly NodeImageInput[], spec: PreprocessSpec): Promise<PreparedBatch>;
  /** Stops the workers (idempotent); pending batches are rejected. */
  destroy(): Promise<void>;
}

// Running from the TypeScript sources (this repository's tests), the worker is the .ts file, loaded through tsx.
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './decode-worker.ts' : './decode-worker.js', import.meta.url);

/**
 * `workers` 0: decode in this thread (sharp still decodes off-thread, in libuv's pool); ≥ 1: a piscina pool, whose
 * threads start (and load sharp) at once — so a caller can start them while the model loads and hand them to
 * `withPipeline(classifier, { decodeWorkers, decoder })` later.
 */
export async function startDecodeWorkers(workers: number): Promise<BatchDecoder> {
  if (workers === 0) {
    return { workers, prepare: (inputs, spec) => prepareBatch(inputs, spec), destroy: async () => {} };
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina<DecodeTask, PreparedBatch>({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    // Workers live as long as the classifier: starting one (loading sharp) costs ~0.1 s.
    idleTimeout: Number.POSITIVE_INFINITY,
    // An idle thread waits on its event loop, not in Atomics.wait: that would stall the loading of sharp the worker
    // begins as it starts (decode-worker.ts) until the first batch came, which then waited ~0.1 s for it.
    atomics: 'disabled',
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  let destroyed: Promise<void> | undefined;
  return {
    workers,
    prepare: (inputs, spec) => pool.run({ inputs, spec }),
    destroy: () => {
      destroyed ??= pool.destroy();
      return destroyed;
    },
  };
}
