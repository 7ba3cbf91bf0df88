import type { ConvertProgress } from '@swsl/convert';
import type { Dtype } from '@swsl/core';
import {
  type ClassifierInfo,
  createPipelineClassifier,
  describeSwslModel,
  type OnStoreProgress,
  type PipelineClassifier,
  type SourceChoice,
  type StoreVariant,
} from '@swsl/core';
import { type NodeImageInput, preprocessBatch } from '@swsl/preprocess/node';
import { type ArchName, type ArchSpec, DEFAULT_VARIANT_NAME } from '@swsl/registry';
import { createSession, type NodeDevice } from './device.js';
import { localConversions } from './local-conversions.js';
import { assertModelFile } from './model-file-error.js';
import { createNodeModelStore } from './node-model-store.js';
import { readOnnxMetadataFields } from './onnx-file-metadata.js';
import { userModelOptimizedFolder } from './optimized-model.js';
import { type Int8Options, nodeConverter } from './quantizing-converter.js';
import { defaultCacheDir } from './settings.js';

/**
 * A registry variant name, an ONNX file made by `swsl convert`, or a checkpoint, converted on first use and kept in the
 * cache under its content hash (see local-conversions.ts).
 */
export type ModelSource =
  | string
  | { readonly onnx: string }
  | { readonly checkpoint: string; readonly arch?: ArchName | ArchSpec | 'auto' };

export type NodeProgress =
  | Parameters<OnStoreProgress>[0]
  | { readonly stage: 'convert-local'; readonly detail: ConvertProgress }
  /** int8/w8: calibration batches run so far (each image once for w8, twice for int8), of `total`. */
  | { readonly stage: 'calibrate'; readonly done: number; readonly total: number };

export interface NodeClassifierOptions {
  /**
   * `auto` (default): CUDA when its provider is installed and loads, else WebGPU on a hardware adapter (with the
   * optional `webgpu` package), else CPU. `webgpu` takes any adapter, software ones included.
   */
  readonly device?: NodeDevice;
  readonly dtype?: Dtype;
  /** CPU threads for inference (default: all cores). */
  readonly threads?: number;
  /**
   * Let onnxruntime's CPU threads spin-wait between operators (default false: images are decoded on the same cores,
   * and spinning takes them). Set it when you feed ready tensors back to back (`runPreprocessed`): 2–7% faster there.
   */
  readonly spinning?: boolean;
  /** Images per inference call (default 8). */
  readonly batchSize?: number;
  /** Model cache (default `$SWSL_HOME`, `$XDG_CACHE_HOME/swsl` or `~/.cache/swsl`). */
  readonly cacheDir?: string;
  /** Never touch the network (default `SWSL_OFFLINE=1`). */
  readonly offline?: boolean;
  /** Mirror of the official files (default `SWSL_WEIGHTS_BASE_URL`). */
  readonly baseUrl?: string;
  /** `auto` (Facebook's URL, then the Hugging Face hub), `fb` or `hf` (default `SWSL_SOURCE`, else `auto`). */
  readonly source?: SourceChoice;
  /** The Hugging Face hub or a mirror (default `HF_ENDPOINT`, else `https://huggingface.co`). */
  readonly hfEndpoint?: string;
  /** Name → variant, for private mirrors or tests; default: the registry. */
  readonly resolve?: (name: string) => StoreVariant;
  readonly onProgress?: (progress: NodeProgress) => void;
  readonly onWarning?: (message: string) => void;
  /**
   * `int8`/`w8` made from a checkpoint: a folder of photos to calibrate on (default: the 11 CC0 photos shipped with
   * `@swsl/registry`). A variant's cached int8/w8 is always calibrated on the default set. A checkpoint's conversion
   * is cached (by content) only on the default set: one calibrated on these photos is made again each time.
   */
  readonly calibrationDir?: string;
}

/** Calibration options for a conversion made on the way to a session; progress as `calibrate` stages. */
function int8Options(options: NodeClassifierOptions): Int8Options {
  return {
    ...(options.calibrationDir ? { calibrationDir: options.calibrationDir } : {}),
    onCalibrate: (done, total) => options.onProgress?.({ stage: 'calibrate', done, total }),
  };
}

export interface NodeClassifierInfo extends ClassifierInfo {
  readonly device: 'cpu' | 'cuda' | 'webgpu';
  /** The WebGPU adapter ("vendor architecture device description") when `device` is `webgpu` and it is known. */
  readonly adapter?: string;
}

export interface NodeClassifier extends PipelineClassifier<NodeImageInput> {
  readonly info: NodeClassifierInfo;
}

/**
 * The model to open (its bytes, or the path of a file onnxruntime maps itself) and the bytes its description is read
 * from (the whole model, or only its metadata fields when it is opened by path).
 */
interface LoadedModel {
  readonly model: Uint8Array | string;
  readonly metadata: Uint8Array;
  readonly name: string;
  readonly variant?: string;
  /** The model's file, for onnxruntime's saved optimized form (see optimized-model.ts). */
  readonly modelFile?: string;
  /** Where that form is kept when not beside the model (a user's own ONNX file). */
  readonly optimizedIn?: string;
}

/** A model file opened by path: only its metadata is read here. */
const byPath = async (path: string, name: string, extra: Partial<LoadedModel> = {}): Promise<LoadedModel> => ({
  model: path,
  metadata: await readOnnxMetadataFields(path),
  name,
  ...extra,
});

async function loadModel(source: ModelSource, options: NodeClassifierOptions): Promise<LoadedModel> {
  const dtype = options.dtype ?? 'fp32';
  if (typeof source === 'string') {
    const store = createNodeModelStore({
      convert: nodeConverter(int8Options(options)),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.offline !== undefined ? { offline: options.offline } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.source ? { source: options.source } : {}),
      ...(options.hfEndpoint ? { hfEndpoint: options.hfEndpoint } : {}),
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    // Converted already: opened by path, with no lock and no read (the common case, and the one a user waits for).
    const found = await store.findOnnx(source, { dtype });
    if (found)
      return byPath(found.location, found.location, { variant: found.variant.name, modelFile: found.location });
    const model = await store.loadOnnx(source, {
      dtype,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const { onnx, location } = model;
    return { model: onnx, metadata: onnx, name: location, variant: model.variant.name, modelFile: location };
  }
  await assertModelFile('onnx' in source ? source.onnx : source.checkpoint);
  if ('onnx' in source) {
    // The optimized form of a user's file goes into the cache, not beside the file.
    const optimizedIn = userModelOptimizedFolder(options.cacheDir ?? defaultCacheDir(), source.onnx);
    return byPath(source.onnx, source.onnx, { modelFile: source.onnx, optimizedIn });
  }
  const arch = source.arch ?? 'auto';
  const convert = async () => {
    // The converter's reader (zip, inflate) loads only here: an ONNX or a cached conversion never needs it.
    const { openFileSource } = await import('@swsl/convert/node');
    const file = await openFileSource(source.checkpoint);
    try {
      const { onnx } = await nodeConverter(int8Options(options))(file, {
        arch,
        dtype,
        onProgress: (detail) => options.onProgress?.({ stage: 'convert-local', detail: detail as ConvertProgress }),
      });
      return onnx;
    } finally {
      await file.close();
    }
  };
  // A calibration on the user's own photos is made for this run only; everything else is converted once and cached.
  if (options.calibrationDir && (dtype === 'int8' || dtype === 'w8')) {
    const onnx = await convert();
    return { model: onnx, metadata: onnx, name: source.checkpoint };
  }
  const conversions = localConversions(options.cacheDir ?? defaultCacheDir());
  const { onnx, location } = await conversions.open(source.checkpoint, { arch, dtype }, convert);
  if (!onnx) return byPath(location, source.checkpoint, { modelFile: location });
  return { model: onnx, metadata: onnx, name: source.checkpoint, modelFile: location };
}

/**
 * A classifier in Node: the model from the cache (downloaded, verified and converted on first use), an ONNX file or a
 * checkpoint; inference on onnxruntime-node (CUDA when it loads, else CPU); torchvision-exact preprocessing.
 */
export async function createClassifier(
  source: ModelSource = DEFAULT_VARIANT_NAME,
  options: NodeClassifierOptions = {},
): Promise<NodeClassifier> {
  const model = await loadModel(source, options);
  const described = describeSwslModel(model.metadata, model.name, {
    ...(model.variant ? { variant: model.variant } : {}),
    dtype: options.dtype ?? 'fp32',
  });
  const { session, device, adapter } = await createSession(model.model, {
    device: options.device ?? 'auto',
    dtype: described.dtype,
    name: model.name,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.spinning ? { spinning: true } : {}),
    ...(model.modelFile ? { modelFile: model.modelFile } : {}),
    ...(model.optimizedIn ? { optimizedIn: model.optimizedIn } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return createPipelineClassifier<NodeImageInput>({
    session,
    modelName: model.name,
    preprocess: (inputs) => preprocessBatch(inputs, { spec: described.preprocessing }),
    info: { ...described, device, ...(adapter ? { adapter } : {}), batchSize: options.batchSize ?? 8 },
  }) as NodeClassifier;
}
