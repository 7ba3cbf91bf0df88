/**
 * @swsl/convert — the official `.pth` / `.bin` / `.safetensors` checkpoints → ONNX, platform-neutral (Node and browser
 * workers): a safe pickle and zip reader, the converter with torch-equal outputs, int8/w8 quantization.
 *
 * @packageDocumentation
 */
export {
  type CalibrationRecord,
  CONVERTER_VERSION,
  type ConvertInfo,
  type ConvertOptions,
  type ConvertProgress,
  type ConvertResult,
  convertCheckpoint,
  convertCheckpointTo,
  type OnnxSink,
} from './convert.js';
export {
  CorruptCheckpointError,
  LabelCountMismatchError,
  StateDictMismatchError,
  UnsafePickleError,
  UnsupportedCheckpointError,
} from './errors.js';
export type { TensorEntry } from './formats/tensor-data.js';
export type { ActivationRanges, OnnxDtype } from './graph/build-model.js';
export { onnx } from './graph/onnx-proto.js';
export { type QuantizationPoint, quantizationPoints } from './graph/quantization-points.js';
export { inferArch, validateStateDict } from './infer-arch.js';
export { InvalidModelError } from './invalid-model.js';
export { readOnnxMetadata, type SwslModelMetadata } from './onnx-metadata.js';
export type { DType } from './pickle/values.js';
export { type CheckpointFormat, detectFormat, readStateDict, type StateDict } from './read-state-dict.js';
export { type ByteSource, blobSource, bytesSource } from './source.js';
