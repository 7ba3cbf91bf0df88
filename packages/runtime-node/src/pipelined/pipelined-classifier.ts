import { type ImageOutputs, NoInputError, type PipelineClassifier, type Prediction } from '@swsl/core';
import type { NodeImageInput } from '@swsl/preprocess/node';
import type { NodeClassifier } from '../create-classifier.js';
import { type BatchDecoder, startDecodeWorkers } from './decoder.js';
import { defaultDecodeWorkers } from './default-workers.js';
import { DecodeWorkerError, type InputError, inputError } from './input-error.js';
import { inputName, type PreparedBatch } from './prepare-batch.js';

export interface PipelineOptions {
  /**
   * Threads that read, decode and preprocess; 0 decodes in this thread, still overlapped with inference. Default
   * {@link defaultDecodeWorkers}: 1 when inference runs on the CPU, every core but one on a GPU.
   */
  readonly decodeWorkers?: number;
  /**
   * Batches that may exist at once — decoding, decoded and waiting, or running — which bounds memory to about
   * `batchesInFlight × batchSize × 0.6 MB` (a 224² float32 image) plus the images being decoded. Default
   * `decodeWorkers + 1` (at least 2): every worker busy while one batch runs.
   */
  readonly batchesInFlight?: number;
  /**
   * Decode workers started earlier with `startDecodeWorkers` (e.g. while the model loaded, as the CLI does):
   * used when their count is the one this pipeline runs with, else stopped for a pool of the right size.
   */
  readonly decoder?: Promise<BatchDecoder>;
  /** Instrumentation: every batch submitted for decoding and every batch run (used by tests and `swsl bench`). */
  readonly onEvent?: (event: PipelineEvent) => void;
}

export type PipelineEvent =
  | { readonly type: 'submit'; readonly batch: number; readonly size: number; readonly inFlight: number }
  | {
      readonly type: 'run';
      readonly batch: number;
      readonly rows: number;
      /** How long the session waited for this batch's decoding (0 when it was ready: decoding kept up). */
      readonly waitMs: number;
      /** `session.run` and the output copies. */
      readonly runMs: number;
    };

export interface StreamOptions {
  /** Classes per image (default 5); 0 skips ranking. */
  readonly topK?: number;
  /** Include the pooled feature vector (`embed`'s output). */
  readonly features?: boolean;
  /** Include the raw logits. */
  readonly logits?: boolean;
}

/** One input's outcome, in input order: its predictions (and features/logits when asked), or why it has none. */
export type StreamResult =
  | {
      readonly index: number;
      readonly name: string;
      readonly predictions: Prediction[];
      readonly features?: Float32Array;
      readonly logits?: Float32Array;
    }
  | { readonly index: number; readonly name: string; readonly error: InputError };

export interface PipelinedClassifier extends NodeClassifier {
  /**
   * Inputs (any iterable, e.g. an async generator walking a directory) → one result per input, in input order,
   * while the next batches decode in workers as the session runs; at most `batchesInFlight` batches in memory.
   * An input that cannot be read or decoded is an error result; the rest of its batch still runs. A model failure
   * (`E_INFERENCE_FAILED`) ends the iteration with that error; inputs that yield nothing at all, `E_NO_INPUT`
   * ({@link NoInputError}).
   */
  stream(
    inputs: Iterable<NodeImageInput> | AsyncIterable<NodeImageInput>,
    options?: StreamOptions,
  ): AsyncGenerator<StreamResult>;
  readonly decodeWorkers: number;
  /** Releases the session and stops the decode workers. */
  dispose(): Promise<void>;
}

/** A worker that died or refused its task: not one image's fault, so each image of the batch gets it. */
interface WorkerFailure {
  readonly workerFailure: string;
  readonly cause: unknown;
}

interface Pending {
  readonly batch: number;
  readonly start: number;
  readonly names: readonly string[];
  readonly prepared: Promise<PreparedBatch | WorkerFailure>;
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/**
 * `classifier` with a pipelined `stream()`: decoding and preprocessing in a pool of worker threads (piscina),
 * overlapped with inference, a fixed number of batches in flight, results in input order. The pool starts on the
 * first `stream()` and stops on `dispose()`.
 */
export function withPipeline(classifier: NodeClassifier, options: PipelineOptions = {}): PipelinedClassifier {
  const base = classifier as NodeClassifier & Partial<PipelineClassifier<NodeImageInput>>;
  if (typeof base.runPreprocessed !== 'function' || typeof base.rank !== 'function') {
    throw new TypeError('withPipeline needs a classifier made by createClassifier');
  }
  const { runPreprocessed, rank } = base as PipelineClassifier<NodeImageInput>;
  const decodeWorkers = checkCount(
    'decodeWorkers',
    options.decodeWorkers ?? defaultDecodeWorkers(classifier.info.device),
    0,
  );
  const limit = checkCount('batchesInFlight', options.batchesInFlight ?? Math.max(2, decodeWorkers + 1), 1);
  const { batchSize, preprocessing } = classifier.info;
  let decoder: Promise<BatchDecoder> | undefined = options.decoder?.then((started) =>
    started.workers === decodeWorkers ? started : started.destroy().then(() => startDecodeWorkers(decodeWorkers)),
  );

  async function* stream(
    inputs: Iterable<NodeImageInput> | AsyncIterable<NodeImageInput>,
    streamOptions: StreamOptions = {},
  ): AsyncGenerator<StreamResult> {
    const topK = streamOptions.topK ?? 5;
    decoder ??= startDecodeWorkers(decodeWorkers);
    const pool = await decoder;
    const source: Iterator<NodeImageInput> | AsyncIterator<NodeImageInput> =
      Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
    const queue: Pending[] = [];
    let next = 0;
    let batches = 0;
    let exhausted = false;

    /** Submits batches until `queue` plus `running` reaches the limit or the inputs end. */
    async function fill(running: number): Promise<void> {
      while (!exhausted && queue.length + running < limit) {
        const items: NodeImageInput[] = [];
        while (items.length < batchSize) {
          const item = await source.next();
          if (item.done) {
            exhausted = true;
            break;
          }
          items.push(item.value);
        }
        if (items.length === 0) return;
        const names = items.map(inputName);
        // Never rejects: a worker that dies or refuses the task (e.g. an input that cannot be sent to it) fails its
        // batch as error rows, and the next batches go on.
        const prepared = pool.prepare(items, preprocessing).catch(
          (cause: unknown): WorkerFailure => ({
            workerFailure: (cause as Error)?.message?.split('\n')[0] ?? String(cause),
            cause,
          }),
        );
        queue.push({ batch: batches, start: next, names, prepared });
        options.onEvent?.({ type: 'submit', batch: batches, size: items.length, inFlight: queue.length + running });
        batches++;
        next += items.length;
      }
    }

    try {
      await fill(0);
      // Nothing at all to classify is the caller's mistake (an empty folder, a filter that kept nothing), not a
      // stream that happens to end at once: say so, as the CLI does.
      if (batches === 0) throw new NoInputError('the inputs given to stream()');
      while (queue.length > 0) {
        const head = queue.shift() as Pending;
        const waited = performance.now();
        const prepared = await head.prepared;
        const ready = performance.now();
        // While this batch runs, the next ones decode.
        let runMs = 0;
        const run: Promise<readonly ImageOutputs[]> =
          'rows' in prepared && prepared.rows.length > 0
            ? runPreprocessed(prepared).then((outputs) => {
                runMs = performance.now() - ready;
                return outputs;
              })
            : Promise.resolve([]);
        const [ran, filled] = await Promise.allSettled([run, fill(1)]);
        if (ran.status === 'rejected') throw ran.reason;
        if (filled.status === 'rejected') throw filled.reason;
        const outputs = ran.value;
        if (outputs.length > 0) {
          const rows = outputs.length;
          options.onEvent?.({ type: 'run', batch: head.batch, rows, waitMs: ready - waited, runMs });
        }
        yield* collect(head, prepared, outputs);
      }
    } finally {
      // Stopped early (a break, an error): let the batches in flight settle, and close the input iterator.
      await Promise.allSettled(queue.map((p) => p.prepared));
      if (!exhausted) await source.return?.();
    }

    /** One batch's results in input order: predictions for the rows that ran, error rows for the rest. */
    function collect(head: Pending, prepared: PreparedBatch | WorkerFailure, outputs: readonly ImageOutputs[]) {
      const at = (position: number) => ({ index: head.start + position, name: head.names[position] as string });
      if ('workerFailure' in prepared) {
        return head.names.map((name, position): StreamResult => {
          const error = new DecodeWorkerError(name, prepared.workerFailure, { cause: prepared.cause });
          return { ...at(position), error: inputError(name, error) };
        });
      }
      const results: StreamResult[] = [];
      for (const { position, code, message } of prepared.errors)
        results[position] = { ...at(position), error: { code, message } };
      prepared.rows.forEach((position, row) => {
        const { logits, features } = outputs[row] as ImageOutputs;
        results[position] = {
          ...at(position),
          predictions: topK > 0 ? rank(logits, topK) : [],
          ...(streamOptions.features ? { features } : {}),
          ...(streamOptions.logits ? { logits } : {}),
        };
      });
      return results;
    }
  }

  return {
    ...classifier,
    decodeWorkers,
    stream,
    async dispose() {
      const pool = decoder;
      decoder = undefined;
      await Promise.all([
        classifier.dispose(),
        pool?.then(
          (d) => d.destroy(),
          () => {},
        ),
      ]);
    },
  };
}
