import type { Dtype } from '@swsl/core';
import {
  type Classifier,
  type ClassifierInfo,
  createPipelineClassifier,
  describeSwslModel,
  type RetryPolicy,
  type StoreVariant,
} from '@swsl/core';
import { type BrowserImageInput, preprocessBatch } from '@swsl/preprocess/browser';
import { isSwslError } from '@swsl/registry';
import { absoluteUrl } from './absolute-url.js';
import { AbortedError, Int8OnWebGpuError } from './errors.js';
import { cacheStorageAvailable, noCache, openModelCache } from './model-cache.js';
import { loadModelBytes, type WebModelSource } from './model-source.js';
import { NotOnnxError } from './onnx-check.js';
import { loadOrt } from './ort.js';
import type { WebProgress, WebWarning } from './progress.js';
import { assertFp16Runs, createWebSession, type WebDevice } from './session.js';
import type { QuotaOptions } from './storage-quota.js';
import { configureWasm, type WasmSettings } from './wasm-env.js';
import { probeWebGpu, softwareAdapterReason, type WebGpuProbe } from './webgpu.js';

export interface WebClassifierOptions {
  /** `auto` (default): WebGPU when an adapter exists and the session creates, else WASM. */
  readonly device?: WebDevice;
  /** `fp16` needs WebGPU with `shader-f16` (else `E_FP16_UNSUPPORTED`); default `fp32`. */
  readonly dtype?: Dtype;
  /** WASM threads; default `navigator.hardwareConcurrency` on a cross-origin isolated page, else 1. */
  readonly numThreads?: number;
  /**
   * Where onnxruntime-web's `ort-wasm-simd-threaded.jsep.mjs` and `.wasm` are served: a folder URL, or each file's
   * URL. Default: onnxruntime-web's own resolution, next to the script that bundles it (never a CDN).
   */
  readonly wasmPaths?: string | { readonly wasm: string; readonly mjs: string };
  /**
   * Where variant names are fetched from when set: `<modelBaseUrl>/<variant>-<dtype>.onnx` (ONNX files you host).
   * Without it, a variant name is downloaded from the Hugging Face hub (`hfEndpoint`) and converted here.
   */
  readonly modelBaseUrl?: string;
  /** The Hugging Face hub (or a mirror, or a test server) for variant names; default `https://huggingface.co`. */
  readonly hfEndpoint?: string;
  /** Cancels loading (`E_ABORTED`); a partial download is kept and resumed by the next load. */
  readonly signal?: AbortSignal;
  /** How the storage quota is read before a download (tests pass a small `estimate`). */
  readonly quota?: QuotaOptions;
  /**
   * Hub downloads: retries (dropped or stalled connections, 429/5xx with `Retry-After`) and the idle timeout after
   * which a silent connection is abandoned and resumed with Range. Default: @swsl/core's `DEFAULT_RETRY_POLICY`.
   */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Rows used instead of the registry's for these exact names: a private mirror's repository, your own checkpoint
   * on a hub (`{ name, weights, hub: { repo, file, revision } }`, core's `StoreVariant`); omit `arch` to infer it.
   */
  readonly variants?: readonly StoreVariant[];
  /**
   * Keep models for later loads (default true): hub variants in OPFS, other ONNX in Cache Storage. `false` keeps
   * nothing (a hub download then lives in memory for this load only).
   */
  readonly cache?: boolean;
  /** Images per inference call (default 8). */
  readonly batchSize?: number;
  /** URL of `convert-worker.js` when a bundler does not emit it; `false` converts on the calling thread. */
  readonly convertWorkerUrl?: string | URL | false;
  readonly onProgress?: (progress: WebProgress) => void;
  /** Recovered problems (damaged cache entry replaced, WebGPU → WASM fallback); default `console.warn`. */
  readonly onWarning?: (warning: WebWarning) => void;
}

export interface WebClassifierInfo extends ClassifierInfo {
  readonly device: 'webgpu' | 'wasm';
  /** onnxruntime-web's WebAssembly threads in this realm. */
  readonly threads: number;
  /** The WebGPU adapter (vendor, architecture, description) when `device` is `webgpu`. */
  readonly adapter?: string;
  /** Whether the model bytes came from Cache Storage. */
  readonly cached: boolean;
}

export interface WebClassifier extends Classifier<BrowserImageInput> {
  readonly info: WebClassifierInfo;
}

/**
 * int8 runs on WASM: onnxruntime-web's WebGPU has no quantized kernels (measured with 1.30 in Chromium: the session
 * leaves every QuantizeLinear to the CPU and the page runs out of memory). `auto` then takes WASM, saying so when a
 * hardware GPU was there to use; `webgpu` is refused.
 */
function int8Device(
  dtype: string,
  device: WebDevice,
  model: string,
  probe: WebGpuProbe | undefined,
  onWarning: (w: WebWarning) => void,
): WebDevice {
  if (dtype !== 'int8' || device === 'wasm') return device;
  if (device === 'webgpu') throw new Int8OnWebGpuError(model);
  if (probe?.adapter && !softwareAdapterReason(probe.adapter)) {
    onWarning({
      code: 'E_INT8_ON_WASM',
      message: `${model} is int8, which runs on WASM (no quantized WebGPU kernels); use a w8 model to run on the GPU.`,
    });
  }
  return 'wasm';
}

/** The page's WASM settings for another realm: a worker resolves a relative URL against its script, not the page. */
function workerWasmSettings(options: WebClassifierOptions): WasmSettings {
  const paths = options.wasmPaths;
  return {
    ...(options.numThreads === undefined ? {} : { numThreads: options.numThreads }),
    ...(typeof paths === 'string' ? { wasmPaths: absoluteUrl(paths.endsWith('/') ? paths : `${paths}/`) } : {}),
    ...(paths && typeof paths === 'object'
      ? { wasmPaths: { wasm: absoluteUrl(paths.wasm), mjs: absoluteUrl(paths.mjs) } }
      : {}),
  };
}

function sourceName(source: WebModelSource): string {
  if (typeof source === 'string') return source;
  if ('url' in source) return source.url;
  return source.name ?? ('onnx' in source ? '<onnx bytes>' : '<checkpoint bytes>');
}

/**
 * A classifier in the browser (main thread or a Worker): the model from Cache Storage, a URL, a local `.onnx` or a
 * checkpoint converted in a Web Worker; inference on onnxruntime-web (WebGPU or WASM); Pillow-exact preprocessing.
 * Same interface and answers as `@swsl/runtime-node`'s `createClassifier`.
 */
export async function createClassifier(
  source: WebModelSource,
  options: WebClassifierOptions = {},
): Promise<WebClassifier> {
  const onWarning = options.onWarning ?? ((w: WebWarning) => console.warn(`[swsl] ${w.code}: ${w.message}`));
  const { signal } = options;
  const checkAborted = () => {
    if (signal?.aborted) throw new AbortedError(sourceName(source), { cause: signal.reason });
  };
  checkAborted();
  const device = options.device ?? 'auto';
  const dtype = options.dtype ?? 'fp32';
  const ort = await loadOrt();
  checkAborted();
  configureWasm(ort, options, onWarning);
  const probe: WebGpuProbe | undefined = device === 'wasm' ? undefined : await probeWebGpu(ort);
  // Before any download: an fp16 model that cannot run is not worth hundreds of megabytes.
  if (dtype === 'fp16') assertFp16Runs(sourceName(source), device, probe);
  if (dtype === 'int8' && device === 'webgpu') throw new Int8OnWebGpuError(sourceName(source));

  const useCache = options.cache !== false && cacheStorageAvailable();
  const cache = useCache
    ? openModelCache({ onWarning, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
    : noCache;
  // An int8/w8 conversion calibrates on onnxruntime-web in the conversion worker, set up as this page's.
  const wasm = workerWasmSettings(options);
  const model = await loadModelBytes(source, {
    dtype,
    cache,
    wasm,
    ...(options.modelBaseUrl ? { modelBaseUrl: options.modelBaseUrl } : {}),
    ...(options.convertWorkerUrl !== undefined ? { convertWorkerUrl: options.convertWorkerUrl } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(signal ? { signal } : {}),
    hub: {
      persist: options.cache !== false,
      wasm,
      ...(options.hfEndpoint ? { hfEndpoint: options.hfEndpoint } : {}),
      ...(options.quota ? { quota: options.quota } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.variants ? { variants: options.variants } : {}),
    },
  });
  checkAborted();
  let described: ReturnType<typeof describeSwslModel>;
  try {
    described = describeSwslModel(model.onnx, model.name, {
      ...(model.variant ? { variant: model.variant } : {}),
      dtype,
    });
  } catch (error) {
    // E_NOT_A_SWSL_MODEL and other typed errors pass; a protobuf that does not parse (E_INVALID_MODEL) means it is no
    // ONNX at all, and E_NOT_ONNX says what the file is instead (a PNG renamed .onnx, a checkpoint, an HTML page).
    const notOnnx = !isSwslError(error) || error.code === 'E_INVALID_MODEL';
    throw notOnnx ? new NotOnnxError(model.name, model.onnx.subarray(0, 64), error) : error;
  }
  if (described.dtype === 'fp16') assertFp16Runs(model.name, device, probe);
  const sessionDevice = int8Device(described.dtype, device, model.name, probe, onWarning);

  options.onProgress?.({ stage: 'session' });
  const session = await createWebSession(model.onnx, {
    device: sessionDevice,
    probe,
    onWarning,
    dtype: described.dtype,
  });
  if (signal?.aborted) {
    await session.session.release();
    checkAborted();
  }
  const info: WebClassifierInfo = {
    ...described,
    device: session.device,
    threads: session.threads,
    ...(session.adapter ? { adapter: session.adapter } : {}),
    cached: model.cached,
    batchSize: options.batchSize ?? 8,
  };
  return createPipelineClassifier<BrowserImageInput>({
    session: session.session,
    preprocess: (inputs) => preprocessBatch(inputs, { spec: described.preprocessing }),
    info,
    // The pipeline's classifier with the web info (device, threads, cache): its `info` is exactly `info` above.
  }) as unknown as WebClassifier;
}
