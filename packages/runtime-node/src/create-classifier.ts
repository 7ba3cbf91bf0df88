import { readFile } from 'node:fs/promises';
import type { ConvertProgress } from '@swsl/convert';
import { openFileSource } from '@swsl/convert/node';
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
import { createNodeModelStore } from './node-model-store.js';
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

async function loadModel(source: ModelSource, options: NodeClassifierOptions) {
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
    const model = await store.loadOnnx(source, {
      dtype: options.dtype ?? 'fp32',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { onnx: model.onnx, name: model.location, variant: model.variant.name };
  }
  if ('onnx' in source) return { onnx: new Uint8Array(await readFile(source.onnx)), name: source.onnx };
  const arch = source.arch ?? 'auto';
  const dtype = options.dtype ?? 'fp32';
  const convert = async () => {
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
    return { onnx: await convert(), name: source.checkpoint };
  }
  const conversions = localConversions(options.cacheDir ?? defaultCacheDir());
  const { onnx } = await conversions.open(source.checkpoint, { arch, dtype }, convert);
  return { onnx, name: source.checkpoint };
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
  const described = describeSwslModel(model.onnx, model.name, {
    ...('variant' in model ? { variant: model.variant } : {}),
    dtype: options.dtype ?? 'fp32',
  });
  const { session, device, adapter } = await createSession(model.onnx, {
    device: options.device ?? 'auto',
    dtype: described.dtype,
    name: model.name,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return createPipelineClassifier<NodeImageInput>({
    session,
    modelName: model.name,
    preprocess: (inputs) => preprocessBatch(inputs, { spec: described.preprocessing }),
    info: { ...described, device, ...(adapter ? { adapter } : {}), batchSize: options.batchSize ?? 8 },
  }) as NodeClassifier;
}
