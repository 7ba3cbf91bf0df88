import type { ImageOutputs } from '@swsl/core';
import { deadlineExceeded } from './errors.js';
import type { NamedImage, ServedModel } from './served-model.js';

/**
 * A request's images through one model: a place in the queue first (refused with 503 when full, before any work),
 * then decoding in the worker pool, then the batch queue; the deadline covers all of it.
 */
export async function runImages(
  model: ServedModel,
  images: readonly NamedImage[],
  deadlineMs: number,
): Promise<ImageOutputs[]> {
  const admission = model.batcher.admit(images.length, deadlineMs);
  try {
    const rows = await model.decode(images);
    if (Date.now() >= admission.deadline) throw deadlineExceeded(model.name, deadlineMs);
    return await model.infer(rows, images.length, admission.deadline, deadlineMs);
  } finally {
    admission.release();
  }
}

/** Preprocessed rows (a client's FP32 tensor) through one model: the queue and the batcher, no decoding. */
export async function runRows(
  model: ServedModel,
  rows: Float32Array,
  count: number,
  deadlineMs: number,
): Promise<ImageOutputs[]> {
  const admission = model.batcher.admit(count, deadlineMs);
  try {
    return await model.infer(rows, count, admission.deadline, deadlineMs);
  } finally {
    admission.release();
  }
}
