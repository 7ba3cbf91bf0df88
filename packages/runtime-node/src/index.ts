/**
 * @swsl/runtime-node — the classifiers in Node on onnxruntime-node (CPU, CUDA): `createClassifier`, the pipelined
 * stream over many images, the file model store and the int8 converter.
 *
 * @packageDocumentation
 */
export { type Classifier, type ClassifierInfo, NoInputError, NotASwslModelError, type Prediction } from '@swsl/core';
export type { NodeImageInput } from '@swsl/preprocess/node';
export { CalibrationError } from './calibration-error.js';
export {
  createClassifier,
  type ModelSource,
  type NodeClassifier,
  type NodeClassifierInfo,
  type NodeClassifierOptions,
  type NodeProgress,
} from './create-classifier.js';
export {
  CUDA_HINT,
  CudaUnavailableError,
  createSession,
  cudaProviderLibrary,
  NODE_DEVICES,
  type NodeDevice,
} from './device.js';
export {
  CUDA_INSTALL_COMMAND,
  CUDA_WANTS,
  type CudaReport,
  inspectCuda,
  onnxruntimeInfo,
} from './device-cuda-report.js';
export { createFileLock, type FileLockOptions } from './file-lock.js';
export { createFsStorage } from './fs-storage.js';
export { isWalkProblem, type WalkEntry, type WalkedImage, type WalkProblem, walkImages } from './image-walk.js';
export { assertModelFile, ModelFileError } from './model-file-error.js';
export { nodeHasher } from './node-hasher.js';
export { createNodeModelStore, type NodeModelStore, type NodeModelStoreOptions } from './node-model-store.js';
export { nodeSha256 } from './node-sha256.js';
export { type BatchDecoder, startDecodeWorkers } from './pipelined/decoder.js';
export { defaultDecodeWorkers } from './pipelined/default-workers.js';
export { DecodeWorkerError, type InputError } from './pipelined/input-error.js';
export {
  type PipelinedClassifier,
  type PipelineEvent,
  type PipelineOptions,
  type StreamOptions,
  type StreamResult,
  withPipeline,
} from './pipelined/pipelined-classifier.js';
export { convertCheckpointFile, type Int8Options, loadCalibrationSet, nodeConverter } from './quantizing-converter.js';
export { removeOnExit } from './remove-on-exit.js';
export {
  baseUrlFromEnv,
  defaultCacheDir,
  hfEndpointFromEnv,
  offlineFromEnv,
  retryFromEnv,
  sourceFromEnv,
} from './settings.js';
export {
  hasWebGpuPackage,
  listWebGpuAdapters,
  SWIFTSHADER_ICD,
  type WebGpuAdapterInfo,
  type WebGpuAdapters,
  webGpuFix,
} from './webgpu-adapters.js';
export { Fp16UnsupportedError, WebGpuUnavailableError } from './webgpu-errors.js';
export { writeFileAtomic } from './write-atomic.js';
