export { checkpointKey, MANIFEST_KEY, onnxKey } from './cache-keys.js';
export type {
  ByteStorage,
  ConvertCheckpoint,
  ConvertOptions,
  ConvertResult,
  Dtype,
  FetchLike,
  FetchResponse,
  Lock,
  PartialFile,
  Sha256,
  StoreCapabilities,
} from './capabilities.js';
export type {
  Classifier,
  ClassifierInfo,
  ClassifyOptions,
  Device,
  Prediction,
} from './classifier.js';
export { type Manifest, type ManifestEntry, readManifest } from './manifest.js';
export { createMemoryStorage } from './memory-storage.js';
export { describeSwslModel, type ModelDescription, NotASwslModelError } from './model-description.js';
export {
  type CheckpointFile,
  createModelStore,
  type ModelStore,
  type ModelStoreOptions,
  type OnnxModel,
  type OperationOptions,
} from './model-store.js';
export { createPipelineClassifier, type ModelInput, type PipelineParts } from './pipeline.js';
export type { OnStoreProgress, StoreProgress } from './progress.js';
export { softmax, topKIndices } from './ranking.js';
export {
  CachedChecksumError,
  ChecksumError,
  ConvertError,
  DownloadError,
  HttpStatusError,
  NetworkError,
  OfflineError,
} from './store-errors.js';
export { type StoreVariant, weightsUrl } from './store-variant.js';
export { type ExpectedHash, hashMatches } from './verify.js';
