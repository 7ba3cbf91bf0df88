// transformers.js (its image-classification pipeline on onnxruntime-node) over the same images, in a process of its
// own: its global `env` and session settings stay out of swsl's process. Load and warm-up are excluded by the
// script's own timer.
import { fileURLToPath } from 'node:url';
import type { Models } from './models.js';
import { runJson } from './processes.js';
import type { Timed } from './timed.js';

export const TRANSFORMERS_JS_SCRIPT = fileURLToPath(new URL('./transformers-js-run.mjs', import.meta.url));

/** The script's command line (after `node`), as `pnpm bench:e2e` runs it and times it. */
export function transformersJsArgs(
  model: Models['transformersJs'],
  images: readonly string[],
  options: { threads: number; batch: number; warmup: boolean },
): string[] {
  return [
    TRANSFORMERS_JS_SCRIPT,
    '--models',
    model.localModelPath,
    '--id',
    model.id,
    '--threads',
    String(options.threads),
    '--batch',
    String(options.batch),
    ...(options.warmup ? ['--warmup'] : []),
    ...images,
  ];
}

export function transformersJs(
  model: Models['transformersJs'],
  images: readonly string[],
  options: { threads: number; batch: number },
): Timed & { version: string } {
  const out = runJson<{ seconds: number; top1: string[]; version: string }>(
    process.execPath,
    transformersJsArgs(model, images, { ...options, warmup: true }),
  );
  return { seconds: out.seconds, top1: out.top1, version: out.version };
}
