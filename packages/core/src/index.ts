/**
 * @swsl/core — the one `Classifier` interface and what every runtime shares: the pipeline (preprocess → session →
 * ranking), the model store (download, verify, convert, cache) and its typed errors.
 *
 * @packageDocumentation
 */
export { buildLockKey, checkpointKey, hubCheckpointKey, MANIFEST_KEY, onnxKey } from './cache-keys.js';
export type {
  AbortSignalLike,
  ByteStorage,
  ConvertCheckpoint,
  ConvertOptions,
  ConvertResult,
  CreateHasher,
  Dtype,
  FetchInit,
  FetchLike,
  FetchResponse,
  Hasher,
  Lock,
  PartialFile,
  Sha256,
  StoreCapabilities,
} from './capabilities.js';
export { DTYPES } from './capabilities.js';
export type {
  Classifier,
  ClassifierInfo,
  ClassifyOptions,
  Device,
  Prediction,
} from './classifier.js';
export { hashBytes, hashChunks } from './hashing.js';
export { type HubIntegrity, hubIntegrity, sha256FromEtag } from './hub-integrity.js';
export { InferenceError } from './inference-error.js';
export { type Manifest, type ManifestEntry, readManifest } from './manifest.js';
export { createMemoryStorage } from './memory-storage.js';
export { describeSwslModel, type ModelDescription, NotASwslModelError } from './model-description.js';
export {
  type CachedFile,
  type CheckpointFile,
  createModelStore,
  type ModelStore,
  type ModelStoreOptions,
  type OnnxModel,
  type OperationOptions,
} from './model-store.js';
export { NoInputError } from './no-input-error.js';
export {
  createPipelineClassifier,
  type ImageOutputs,
  type ModelInput,
  type PipelineClassifier,
  type PipelineParts,
} from './pipeline.js';
export type { OnStoreProgress, StoreProgress } from './progress.js';
export {
  type CalibratedRanges,
  type CalibrateOptions,
  type CalibrationStats,
  calibrate,
  type QuantizationPointLike,
  snapRange,
} from './quantization/calibrate.js';
export {
  type CalibrationParts,
  type Converter,
  methodLabel,
  withCalibration,
} from './quantization/calibrated-converter.js';
export { type CalibrationFile, type CalibrationSet, calibrationSetSha256 } from './quantization/calibration-set.js';
export { DEFAULT_PERCENTILE, RANGE_METHODS, type RangeMethod } from './quantization/range-methods.js';
export { softmax, topKIndices } from './ranking.js';
export {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';
export { sessionConfigFor } from './session-config.js';
export {
  AbortedError,
  CachedChecksumError,
  ChecksumError,
  ConvertError,
  DownloadError,
  HttpStatusError,
  HubIntegrityError,
  NetworkError,
  OfflineError,
  SourcesFailedError,
  WeightSourceError,
} from './store-errors.js';
export { type StoreVariant, weightsUrl } from './store-variant.js';
export { type ExpectedHash, hashMatches } from './verify.js';
export {
  type Origin,
  parseSourceChoice,
  SOURCE_CHOICES,
  type SourceChoice,
  type SourceSettings,
  type WeightSource,
  weightSources,
} from './weight-source.js';
