import { type ArchName, resolveVariant } from '@swsl/registry';
import {
  createClassifier,
  type ModelSource,
  type PipelinedClassifier,
  type PipelineOptions,
  withPipeline,
} from '@swsl/runtime-node';
import type { ModelFlags } from './model-options.js';
import { createProgress } from './progress.js';
import { reportStoreProgress } from './store-progress.js';
import { type Terminal, yellow } from './terminal.js';

/** `--weights` beside `--model`: a checkpoint checked against the model's architecture, or an ONNX file. */
export function modelSource(flags: ModelFlags, given: boolean): ModelSource {
  if (!flags.weights) return flags.model;
  if (/\.onnx$/i.test(flags.weights)) return { onnx: flags.weights };
  const arch: ArchName | 'auto' = given ? resolveVariant(flags.model).arch : 'auto';
  return { checkpoint: flags.weights, arch };
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
  const classifier = await createClassifier(modelSource(flags, given), {
    device: flags.device,
    dtype: flags.dtype,
    batchSize: flags.batch,
    ...(flags.threads ? { threads: flags.threads } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.source ? { source: flags.source } : {}),
    onProgress: reportStoreProgress(progress),
    onWarning: (message) => {
      if (!t.quiet) t.err(`${yellow(t.errColor, 'warning')} ${message}\n`);
    },
  });
  progress.done();
  return withPipeline(classifier, {
    ...pipeline,
    ...(flags.decodeWorkers !== undefined ? { decodeWorkers: flags.decodeWorkers } : {}),
  });
}
