import type { ImageOutputs } from '@swsl/core';
import {
  type BatchDecoder,
  createClassifier,
  type NodeClassifier,
  type NodeClassifierOptions,
  startDecodeWorkers,
} from '@swsl/runtime-node';
import { DynamicBatcher } from './batcher.js';
import { ServeError } from './errors.js';
import type { ModelSpec } from './model-spec.js';

/** An image a request carries: its bytes, and the name errors give it (a file name, or `image[2]`). */
export interface NamedImage {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface BatchingOptions {
  readonly maxBatch: number;
  readonly maxQueueDelayMs: number;
  readonly maxQueue: number;
}

export interface RunReport {
  readonly model: string;
  readonly rows: number;
  readonly computeMs: number;
  readonly queuedMs: readonly number[];
}

/** One model as the server holds it: the classifier, its decode threads and its batch queue. */
export interface ServedModel {
  readonly name: string;
  readonly classifier: NodeClassifier;
  readonly batcher: DynamicBatcher;
  /** Side of the square input (224). */
  readonly crop: number;
  readonly featureSize: number;
  /** Images → their preprocessed rows (Pillow-exact), in the decode threads; a bad image is a 400 naming it. */
  decode(images: readonly NamedImage[]): Promise<Float32Array>;
  infer(rows: Float32Array, count: number, deadline: number, deadlineMs: number): Promise<ImageOutputs[]>;
  dispose(): Promise<void>;
}

/** HTTP status of an image that did not decode: the client's fault (400) unless the worker itself failed. */
const imageStatus = (code: string) => (code === 'E_DECODE_WORKER' || code === 'E_UNEXPECTED' ? 500 : 400);

/**
 * Opens the model (download/convert as `swsl classify` would), starts its decode threads, and warms it with one real
 * inference of a full batch, so that the first request does not pay for onnxruntime's first run.
 */
export async function openServedModel(
  spec: ModelSpec,
  options: {
    readonly classifier: NodeClassifierOptions;
    readonly batching: BatchingOptions;
    readonly decodeWorkers: number;
    readonly onRun?: (report: RunReport) => void;
  },
): Promise<ServedModel> {
  const decoderStarted: Promise<BatchDecoder> = startDecodeWorkers(options.decodeWorkers);
  let classifier: NodeClassifier;
  try {
    classifier = await createClassifier(spec.source, { ...options.classifier, dtype: spec.dtype });
  } catch (error) {
    await (await decoderStarted).destroy();
    throw error;
  }
  const decoder = await decoderStarted;
  const crop = classifier.info.preprocessing.cropSize;
  const rowFloats = 3 * crop * crop;
  const batcher = new DynamicBatcher({
    model: spec.name,
    ...options.batching,
    rowFloats,
    crop,
    run: (batch) => classifier.runPreprocessed(batch),
    ...(options.onRun ? { onRun: (r) => options.onRun?.({ model: spec.name, ...r }) } : {}),
  });
  const warm = await classifier.runPreprocessed({
    data: new Float32Array(options.batching.maxBatch * rowFloats),
    dims: [options.batching.maxBatch, 3, crop, crop],
  });
  const featureSize = warm[0]?.features.length ?? 0;

  return {
    name: spec.name,
    classifier,
    batcher,
    crop,
    featureSize,
    async decode(images) {
      const prepared = await decoder.prepare(
        images.map((i) => i.bytes),
        classifier.info.preprocessing,
      );
      const failed = prepared.errors[0];
      if (failed) {
        const name = images[failed.position]?.name ?? 'image';
        const message = failed.message.replaceAll('<bytes>', name);
        throw new ServeError(imageStatus(failed.code), failed.code, message);
      }
      return prepared.data;
    },
    infer: (rows, count, deadline, deadlineMs) => batcher.submit(rows, count, deadline, deadlineMs),
    async dispose() {
      await decoder.destroy();
      await classifier.dispose();
    },
  };
}
