import { blobSource, convertCheckpoint } from '@swsl/convert';
import type { Dtype } from '@swsl/core';
import type { ArchName, ArchSpec } from '@swsl/registry';

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
}

/** Runs the platform-neutral converter on a job; shared by the worker and the `convertWorkerUrl: false` path. */
export async function runConvertJob(
  job: ConvertJob,
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  const source = job.checkpoint instanceof Blob ? blobSource(job.checkpoint, job.name) : job.checkpoint;
  const { onnx } = await convertCheckpoint(source, {
    arch: job.arch,
    dtype: job.dtype,
    sourceSha256: job.sourceSha256,
    ...(job.variant ? { variant: job.variant } : {}),
    onProgress: (p) => onProgress?.(p.done, p.total),
  });
  return onnx;
}
