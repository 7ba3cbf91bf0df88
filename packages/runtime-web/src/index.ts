/**
 * @swsl/runtime-web — the SSL/SWSL classifiers in the browser on onnxruntime-web (WebGPU or WASM), with the same
 * `Classifier` interface and answers as @swsl/runtime-node. Only session creation and byte handling live here;
 * the pipeline is @swsl/core's.
 *
 * @packageDocumentation
 */
export type { Classifier, ClassifierInfo, Prediction } from '@swsl/core';
export { NotASwslModelError, sessionConfigFor } from '@swsl/core';
export type { BrowserImageInput } from '@swsl/preprocess/browser';
export { type CachedModelEntry, clearModelCache, listCachedModels, removeCachedModel } from './cache-listing.js';
export { WorkerStartError } from './convert-in-worker.js';
export {
  createClassifier,
  type WebClassifier,
  type WebClassifierInfo,
  type WebClassifierOptions,
} from './create-classifier.js';
export {
  AbortedError,
  Fp16UnsupportedError,
  Int8OnWebGpuError,
  WebChecksumError,
  WebGpuUnavailableError,
  WebHttpError,
  WebNetworkError,
  WorkerError,
} from './errors.js';
export { createBrowserHasher, type IncrementalHasher } from './hasher.js';
export { MODEL_CACHE_NAME, type ModelCacheKey, modelCacheUrl } from './model-cache.js';
export {
  type BinaryInput,
  ModelMismatchError,
  type WebModelSource,
} from './model-source.js';
export { NotOnnxError } from './onnx-check.js';
export { OPFS_FOLDER, opfsLocation } from './opfs-paths.js';
export { type BrowserStorage, createBrowserStorage } from './opfs-storage.js';
export type { WebProgress, WebWarning } from './progress.js';
export type { WebDevice } from './session.js';
export { type QuotaOptions, type StorageEstimateLike, StorageQuotaError } from './storage-quota.js';
export { type WarmUpOptions, warmUpClassifierWorker } from './warm-worker.js';
export { defaultThreads } from './wasm-env.js';
export { webLock } from './web-lock.js';
export { createWorkerClassifier, type WorkerClassifierOptions } from './worker-classifier.js';
