import type { Prediction } from '@swsl/core';
import type { RawPixels } from '@swsl/preprocess/browser';
import type { WebClassifierInfo, WebClassifierOptions } from './create-classifier.js';
import type { WebModelSource } from './model-source.js';
import type { WebProgress, WebWarning } from './progress.js';
import type { WasmSettings } from './wasm-env.js';

/** Images as they cross to the classifier worker: encoded bytes, or pixels (DOM elements become ImageBitmaps). */
export type WorkerImageInput = Blob | ArrayBuffer | Uint8Array | ImageBitmap | ImageData | RawPixels;

/** The options that cross to the worker: everything but callbacks and the signal (URLs made absolute). */
export type WorkerLoadOptions = Omit<WebClassifierOptions, 'onProgress' | 'onWarning' | 'signal' | 'quota'>;

/** Messages to the classifier worker. `id` pairs a request with its answer. */
export type ToClassifierWorker =
  /** Start onnxruntime-web's WebAssembly runtime now, before any model is asked for (`warmUpClassifierWorker`). */
  | { readonly type: 'warm'; readonly wasm: WasmSettings }
  | { readonly type: 'load'; readonly source: WebModelSource; readonly options: WorkerLoadOptions }
  | { readonly type: 'classify'; readonly id: number; readonly inputs: WorkerImageInput[]; readonly topK?: number }
  | { readonly type: 'embed'; readonly id: number; readonly inputs: WorkerImageInput[] }
  | { readonly type: 'abort' }
  | { readonly type: 'dispose'; readonly id: number };

/** Messages from the classifier worker. An `error` without `id` ends the load. */
export type FromClassifierWorker =
  | { readonly type: 'progress'; readonly progress: WebProgress }
  | { readonly type: 'warning'; readonly warning: WebWarning }
  | { readonly type: 'loaded'; readonly info: WebClassifierInfo }
  | { readonly type: 'predictions'; readonly id: number; readonly predictions: Prediction[][] }
  | { readonly type: 'features'; readonly id: number; readonly features: Float32Array[] }
  | { readonly type: 'disposed'; readonly id: number }
  | {
      readonly type: 'error';
      readonly id?: number;
      readonly code: string;
      readonly name: string;
      readonly message: string;
    };

/** An error as plain data (structured clone keeps neither an error's class nor its `code`). */
export function errorMessage(error: unknown, id?: number): FromClassifierWorker {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  return {
    type: 'error',
    ...(id === undefined ? {} : { id }),
    code: typeof e?.code === 'string' ? e.code : e?.name === 'AbortError' ? 'E_ABORTED' : 'E_WORKER',
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}
