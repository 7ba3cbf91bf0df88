import { type ArchName, resolveVariant } from '@swsl/registry';
import {
  createClassifier,
  defaultDecodeWorkers,
  type ModelSource,
  type PipelinedClassifier,
  type PipelineOptions,
  startDecodeWorkers,
  withPipeline,
} from '@swsl/runtime-node';
import { classifierOptions } from './classifier-options.js';
import type { ModelFlags } from './model-options.js';
import { createProgress } from './progress.js';
import type { Terminal } from './terminal.js';

/** `--weights` beside `--model`: a checkpoint checked against the model's architecture, or an ONNX file. */
export function modelSource(flags: ModelFlags, given: boolean): ModelSource {
  if (!flags.weights) return flags.model;
  if (/\.onnx$/i.test(flags.weights)) return { onnx: flags.weights };
  const arch: ArchName | 'auto' = given ? resolveVariant(flags.model).arch : 'auto';
  return { checkpoint: flags.weights, arch };
}

/**
 * `--decode-workers` as given, else none when the inputs fit in one batch: starting a worker (a thread that loads
 * sharp) costs more than decoding one batch of photos here, and a one-photo `swsl classify` waits for all of it.
 */
export async function withDecodeWorkersFor(
  input: { atMost(n: number): Promise<boolean> },
  flags: ModelFlags,
): Promise<ModelFlags> {
  if (flags.decodeWorkers !== undefined) return flags;
  return (await input.atMost(flags.batch)) ? { ...flags, decodeWorkers: 0 } : flags;
}

/**
 * The classifier the flags describe, with download/convert progress and warnings on stderr, and its pipelined
 * `stream()` (decode workers overlapped with inference); `dispose()` stops both.
 */
export async function openClassifier(
  t: Terminal,
  flags: ModelFlags,
  given: boolean,
  pipeline: Omit<PipelineOptions, 'decodeWorkers'> = {},
): Promise<PipelinedClassifier> {
  const progress = createProgress(t);
  // The decode threads start (and load sharp) on the other cores while this one loads the model. `auto` counts as
  // the CPU here; should it end on a GPU, the pipeline swaps in a pool of its own size.
  const workers = flags.decodeWorkers ?? defaultDecodeWorkers(flags.device === 'auto' ? 'cpu' : flags.device);
  const decoder = startDecodeWorkers(workers);
  const classifier = await createClassifier(modelSource(flags, given), {
    ...classifierOptions(t, flags, progress),
    dtype: flags.dtype,
    batchSize: flags.batch,
  }).catch(async (error: unknown) => {
    await (await decoder).destroy();
    throw error;
  });
  progress.done();
  return withPipeline(classifier, {
    ...pipeline,
    decoder,
    ...(flags.decodeWorkers !== undefined ? { decodeWorkers: flags.decodeWorkers } : {}),
  });
}
