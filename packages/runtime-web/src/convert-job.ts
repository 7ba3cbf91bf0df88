import { type ByteSource, blobSource, convertCheckpoint } from '@swsl/convert';
import type { Converter, Dtype } from '@swsl/core';
import type { ArchName, ArchSpec } from '@swsl/registry';
import type { WasmSettings } from './wasm-env.js';

/** `convert`: weight bytes written; `calibrate`: calibration images run through the fp32 graph (int8/w8 only). */
export type ConvertStage = 'convert' | 'calibrate';

/** One checkpoint → ONNX conversion, as posted to the worker (everything structured-cloneable). */
export interface ConvertJob {
  /** A Blob is read slice by slice (a 778 MB File is never in one buffer); bytes are converted in place. */
  readonly checkpoint: Blob | Uint8Array;
  /** Names the file in error messages. */
  readonly name: string;
  readonly arch: ArchName | ArchSpec | 'auto';
  readonly dtype: Dtype;
  /** The checkpoint's sha256 (already computed for the cache key), recorded in the model's metadata. */
  readonly sourceSha256: string;
  /** Registry variant name, recorded in the model's metadata (when the checkpoint is a known variant's). */
  readonly variant?: string;
  /** int8/w8: how this realm's onnxruntime-web runs the calibration graph (the page's threads and `.wasm` location). */
  readonly wasm?: WasmSettings;
}

/** Runs the platform-neutral converter on a job; shared by the worker and the `convertWorkerUrl: false` path. */
export async function runConvertJob(
  job: ConvertJob,
  onProgress?: (done: number, total: number, stage: ConvertStage) => void,
): Promise<Uint8Array> {
  const source = job.checkpoint instanceof Blob ? blobSource(job.checkpoint, job.name) : job.checkpoint;
  const convert: Converter<Uint8Array | ByteSource> =
    job.dtype === 'int8' || job.dtype === 'w8'
      ? (await import('./browser-quantizer.js')).browserQuantizer(job.wasm ?? {}, (done, total) =>
          onProgress?.(done, total, 'calibrate'),
        )
      : (input, options) => convertCheckpoint(input, options);
  const { onnx } = await convert(source, {
    arch: job.arch,
    dtype: job.dtype,
    sourceSha256: job.sourceSha256,
    ...(job.variant ? { variant: job.variant } : {}),
    onProgress: (p) => {
      const { done, total } = p as { done: number; total: number };
      onProgress?.(done, total, 'convert');
    },
  });
  return onnx;
}
