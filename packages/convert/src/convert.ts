import { type ArchName, type ArchSpec, IMAGENET_EVAL_PREPROCESSING, type PreprocessSpec } from '@swsl/registry';
import { LabelCountMismatchError } from './errors.js';
import { type ActivationRanges, type OnnxDtype, planResNetModel } from './graph/build-model.js';
import { resolveArch } from './infer-arch.js';
import { type CheckpointFormat, readStateDict } from './read-state-dict.js';
import { type ByteSource, bytesSource } from './source.js';

/** Bumped when the produced graph changes in a way a cache keyed on the input alone must notice. */
export const CONVERTER_VERSION = '1';

export interface ConvertProgress {
  readonly stage: 'read' | 'convert' | 'done';
  /** Weight bytes written so far / in all (0/0 while reading). */
  readonly done: number;
  readonly total: number;
}

export interface ConvertOptions {
  /** Architecture to check the state dict against; `'auto'` (default) infers it from the keys and shapes. */
  readonly arch?: ArchSpec | ArchName | 'auto';
  readonly dtype?: OnnxDtype;
  /** Registry variant name, recorded in the model's metadata. */
  readonly variant?: string;
  /** sha256 of the checkpoint when the caller already knows it (it verified the download); else computed. */
  readonly sourceSha256?: string;
  readonly preprocessing?: PreprocessSpec;
  /**
   * Class names of a fine-tuned checkpoint, one per output (stored as the `swsl.labels` metadata entry, JSON);
   * the caller checks the count against the checkpoint (`arch.numClasses`).
   */
  readonly labels?: readonly { readonly wnid?: string; readonly name: string }[];
  readonly onProgress?: (progress: ConvertProgress) => void;
  /**
   * `int8`: the calibrated range of every activation `quantizationPoints(arch)` names, and how it was found
   * (recorded in the metadata). Calibration runs the fp32 model, so it lives beside the sessions (`@swsl/core`'s
   * `calibrate`); the converter stays a pure function of its inputs.
   */
  readonly activationRanges?: ActivationRanges;
  readonly calibration?: CalibrationRecord;
  /** `fp32` only: add every quantization point as an extra output, for calibration. */
  readonly calibrationOutputs?: boolean;
  /** `int8`/`w8`: calibrated channel means of each conv's input, for bias correction (see build-model.ts). */
  readonly channelMeans?: Readonly<Record<string, Float32Array>>;
}

/** How an int8 model's activation ranges were found; stored in its `swsl.quantization` metadata entry. */
export interface CalibrationRecord {
  /** e.g. `percentile:99.999`, `minmax`, `entropy`. */
  readonly method: string;
  /** sha256 over the calibration images (see core's calibration set). */
  readonly imagesSha256: string;
  readonly images: number;
}

export interface ConvertInfo {
  readonly format: CheckpointFormat;
  readonly dtype: OnnxDtype;
  readonly sourceSha256?: string;
  readonly tensors: number;
  readonly onnxBytes: number;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ConvertResult {
  readonly onnx: Uint8Array;
  readonly arch: ArchSpec;
  readonly info: ConvertInfo;
}

/**
 * Where `convertCheckpointTo` puts the ONNX bytes: a buffer or a file, written at offsets (the body in order, then
 * the small model header at offset 0, last).
 */
export interface OnnxSink {
  /** Called once, before any write, with the model's exact size. */
  start?(byteLength: number): void | Promise<void>;
  write(offset: number, chunk: Uint8Array): void | Promise<void>;
}

/**
 * Streams the ONNX model for a checkpoint into `sink`, reading one tensor at a time from `input`. Everything is
 * validated (format, sizes, keys and shapes) before the first byte is emitted.
 */
export async function convertCheckpointTo(
  input: Uint8Array | ByteSource,
  sink: OnnxSink,
  options: ConvertOptions = {},
): Promise<Omit<ConvertResult, 'onnx'>> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const dtype = options.dtype ?? 'fp32';
  // Checked before any work: the header reserves exactly 64 hex digits for it.
  if (options.sourceSha256 !== undefined && !/^[0-9a-f]{64}$/.test(options.sourceSha256)) {
    throw new TypeError(`sourceSha256 must be 64 lower-case hex digits, got "${options.sourceSha256}"`);
  }
  options.onProgress?.({ stage: 'read', done: 0, total: 0 });
  const stateDict = await readStateDict(source);
  const arch = resolveArch(options.arch, stateDict.tensors, source.name);
  if (options.labels && options.labels.length !== arch.numClasses) {
    throw new LabelCountMismatchError(source.name, options.labels.length, arch.numClasses);
  }
  // Hash the checkpoint while the weights are converted (a Node file source hashes on another thread); the header
  // that records it is written last, with a placeholder of the same length until then.
  const hashing = options.sourceSha256 ? Promise.resolve(options.sourceSha256) : source.sha256?.();
  // If the conversion fails first, nobody awaits the hash: keep its own failure from becoming an unhandled rejection.
  hashing?.catch(() => {});
  const metadata = (sha256: string | undefined): Record<string, string> => ({
    'swsl.arch': JSON.stringify(arch),
    'swsl.num_classes': String(arch.numClasses),
    'swsl.preprocessing': JSON.stringify(options.preprocessing ?? IMAGENET_EVAL_PREPROCESSING),
    'swsl.dtype': dtype,
    'swsl.source_format': stateDict.format,
    'swsl.converter_version': CONVERTER_VERSION,
    ...(options.variant ? { 'swsl.variant': options.variant } : {}),
    ...(options.labels ? { 'swsl.labels': JSON.stringify(options.labels) } : {}),
    ...(sha256 !== undefined ? { 'swsl.source_sha256': sha256 } : {}),
    ...(dtype === 'int8' || dtype === 'w8'
      ? { 'swsl.quantization': quantizationRecord(dtype, options.calibration, options.channelMeans !== undefined) }
      : {}),
  });
  const placeholder = hashing ? '0'.repeat(64) : undefined;
  const plan = planResNetModel(stateDict.tensors, arch, {
    dtype,
    ...(options.activationRanges ? { activationRanges: options.activationRanges } : {}),
    ...(options.calibrationOutputs ? { calibrationOutputs: true } : {}),
    ...(options.channelMeans ? { channelMeans: options.channelMeans } : {}),
    metadata: metadata(placeholder),
    producerVersion: CONVERTER_VERSION,
  });
  await sink.start?.(plan.byteLength);
  await plan.writeBody(
    (offset, chunk) => sink.write(offset, chunk),
    (done, total) => options.onProgress?.({ stage: 'convert', done, total }),
  );
  const sourceSha256 = await hashing;
  const finalMetadata = metadata(sourceSha256);
  const header = plan.encodeHeader(finalMetadata);
  if (header.length !== plan.headerLength) throw new Error('internal: model header changed length');
  await sink.write(0, header);
  options.onProgress?.({ stage: 'done', done: plan.byteLength, total: plan.byteLength });
  return {
    arch,
    info: {
      format: stateDict.format,
      dtype,
      ...(sourceSha256 ? { sourceSha256 } : {}),
      tensors: stateDict.tensors.size,
      onnxBytes: plan.byteLength,
      metadata: finalMetadata,
    },
  };
}

/** The `swsl.quantization` metadata entry: what is 8-bit and, for int8, how the activation ranges were found. */
function quantizationRecord(
  dtype: 'int8' | 'w8',
  calibration: CalibrationRecord | undefined,
  biasCorrected: boolean,
): string {
  return JSON.stringify({
    weights:
      dtype === 'w8'
        ? 'int8, symmetric, per output channel (stem conv float32; 6.5% of the weights, downsample convs first, as two int8 terms)'
        : 'int8, symmetric, per output channel',
    activations: dtype === 'int8' ? 'uint8, asymmetric, per tensor' : 'float32',
    bias_correction: biasCorrected ? 'calibrated channel means' : 'none',
    ...(calibration
      ? {
          method: calibration.method,
          calibration_sha256: calibration.imagesSha256,
          calibration_images: calibration.images,
        }
      : {}),
  });
}

/** Converts a checkpoint (bytes or a random-access source) to ONNX bytes in one buffer of the exact size. */
export async function convertCheckpoint(
  input: Uint8Array | ByteSource,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  let out = new Uint8Array(0);
  const result = await convertCheckpointTo(
    input,
    {
      start: (byteLength) => {
        out = new Uint8Array(byteLength);
      },
      write: (offset, chunk) => out.set(chunk, offset),
    },
    options,
  );
  return { onnx: out, ...result };
}
