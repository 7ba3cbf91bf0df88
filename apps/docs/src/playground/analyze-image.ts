import type { Prediction } from '@swsl/core';
import { SwslError } from '@swsl/registry';
import type { WebClassifier } from '@swsl/runtime-web';
import type { ImageFacts } from './image-facts.js';
import type { ImageJob, ImageReply } from './image-worker.js';
import { splitTimings, type Timings, timed } from './timings.js';

/** What the image worker made of an image: the crop the model sees, the image's size and where they differ. */
export interface PreparedImage {
  /** The crop × crop × 3 RGB bytes after Resize(256) + CenterCrop(224): exactly what gets normalised. */
  readonly crop: Uint8Array;
  readonly cropSize: number;
  readonly width: number;
  readonly height: number;
  readonly facts: ImageFacts;
  readonly timings: { readonly decode: number; readonly preprocess: number };
}

/** The image plus, with a model, its top-k and where the time went. */
export interface ImageAnalysis extends PreparedImage {
  readonly topK?: Prediction[];
  readonly split?: Timings;
}

/** The worker's typed failure, rebuilt on this side with the same code (e.g. E_NOT_AN_IMAGE naming the file). */
export class ImageWorkerError extends SwslError {}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: PreparedImage) => void; reject: (e: unknown) => void }>();

function imageWorker(): Worker {
  if (worker) return worker;
  // Written out in full so Vite emits the worker with its own dependencies.
  worker = new Worker(new URL('./image-worker.ts', import.meta.url), { type: 'module', name: 'swsl-image' });
  worker.onmessage = (event: MessageEvent<ImageReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.ok) waiting.resolve(reply);
    else waiting.reject(new ImageWorkerError(reply.code, reply.message));
  };
  worker.onerror = (event) => {
    for (const waiting of pending.values()) {
      waiting.reject(new ImageWorkerError('E_WORKER', `the image worker failed: ${event.message}`));
    }
    pending.clear();
  };
  return worker;
}

/** Decode + crop in the image worker (nothing heavy on this thread). */
export function prepareImage(image: Blob, name: string): Promise<PreparedImage> {
  const id = nextId++;
  const job: ImageJob = { id, image, name };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    imageWorker().postMessage(job);
  });
}

/**
 * The classifier (in its own worker) on the image's bytes. `classify()` decodes and preprocesses again over there,
 * so the model's own time is its duration minus the image worker's decode and preprocess.
 */
export async function classifyPrepared(
  image: Blob,
  prepared: PreparedImage,
  classifier: WebClassifier,
  topK: number,
): Promise<ImageAnalysis> {
  const classified = await timed(() => classifier.classify(image, { topK }));
  return {
    ...prepared,
    topK: classified.value[0] ?? [],
    split: splitTimings(prepared.timings.decode, prepared.timings.preprocess, classified.ms),
  };
}

/** Ends the image worker (the page is going away). */
export function stopImageWorker(): void {
  worker?.terminate();
  worker = undefined;
  pending.clear();
}
