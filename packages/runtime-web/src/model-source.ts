import { readOnnxMetadata } from '@swsl/convert/metadata';
import type { Dtype } from '@swsl/core';
import { type ArchName, isSwslError, resolveVariant, SwslError } from '@swsl/registry';
import { absoluteUrl } from './absolute-url.js';
import { type BrowserStoreOptions, openBrowserStore, webProgress } from './browser-store.js';
import { convertInWorker } from './convert-in-worker.js';
import { AbortedError, isAbort, WebChecksumError } from './errors.js';
import { fetchBytes } from './fetch-bytes.js';
import type { ModelCache, ModelCacheKey } from './model-cache.js';
import type { WebProgress } from './progress.js';
import { sha256Hex } from './sha256.js';
import type { WasmSettings } from './wasm-env.js';

export type BinaryInput = Blob | ArrayBuffer | Uint8Array;

/**
 * Where the model comes from: a registry variant name (fetched as `<modelBaseUrl>/<variant>-<dtype>.onnx`), an
 * ONNX URL (optionally with its expected sha256), a local `.onnx`, or a `.pth`/`.safetensors` checkpoint that is
 * converted in a Web Worker. A `File` is a `Blob`; `name` overrides the name used in messages.
 */
export type WebModelSource =
  | string
  | { readonly url: string; readonly sha256?: string }
  | { readonly onnx: BinaryInput; readonly name?: string }
  | { readonly checkpoint: BinaryInput; readonly arch?: ArchName | 'auto'; readonly name?: string };

export interface LoadedModel {
  readonly onnx: Uint8Array;
  /** Names the model in messages: URL, file name or cache entry. */
  readonly name: string;
  readonly variant?: string;
  /** Whether the bytes came from Cache Storage. */
  readonly cached: boolean;
}

export interface LoadContext {
  readonly dtype: Dtype;
  readonly modelBaseUrl?: string;
  readonly cache: ModelCache;
  readonly convertWorkerUrl?: string | URL | false;
  /** int8/w8 from a checkpoint: how the conversion's onnxruntime-web runs the calibration graph. */
  readonly wasm?: WasmSettings;
  readonly onProgress?: (p: WebProgress) => void;
  readonly signal?: AbortSignal;
  /** For variant names without `modelBaseUrl`: the hub store's settings. */
  readonly hub?: BrowserStoreOptions;
}

/** A hosted file is not the model its name promises (another variant or dtype behind the same URL). */
export class ModelMismatchError extends SwslError {
  constructor(url: string, detail: string) {
    super('E_MODEL_MISMATCH', `${url}: ${detail}. Fix the file at that URL (or modelBaseUrl).`);
  }
}

function nameOf(input: BinaryInput, fallback: string): string {
  return typeof File !== 'undefined' && input instanceof File ? input.name : fallback;
}

async function bytesOf(input: BinaryInput): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  return new Uint8Array(input instanceof ArrayBuffer ? input : await input.arrayBuffer());
}

async function hashWithProgress(bytes: Uint8Array, ctx: LoadContext): Promise<string> {
  ctx.onProgress?.({ stage: 'verify', loaded: 0, total: bytes.length, cached: false });
  return sha256Hex(bytes, (loaded) =>
    ctx.onProgress?.({ stage: 'verify', loaded, total: bytes.length, cached: false }),
  );
}

/** Keeps `bytes` in the cache under `key` with their sha256 (hashed only when the cache keeps anything). */
async function keep(key: ModelCacheKey, bytes: Uint8Array, ctx: LoadContext, sha256?: string): Promise<void> {
  if (ctx.cache.persistent) await ctx.cache.put(key, bytes, sha256 ?? (await hashWithProgress(bytes, ctx)));
}

/** Download → hash → (expected hash?) → cache. Nothing unverified is stored. */
async function download(url: string, key: ModelCacheKey, ctx: LoadContext, expected?: string): Promise<Uint8Array> {
  const bytes = await fetchBytes(url, ctx.onProgress, ctx.signal);
  if (!expected) {
    await keep(key, bytes, ctx);
    return bytes;
  }
  const sha256 = await hashWithProgress(bytes, ctx);
  if (sha256 !== expected.toLowerCase()) {
    throw new WebChecksumError(url, expected, sha256, 'It was not cached. Check the URL and the expected hash.');
  }
  await keep(key, bytes, ctx, sha256);
  return bytes;
}

/**
 * A variant from the Hugging Face hub through core's model store on OPFS: cached ONNX, or the safetensors streamed
 * (resumable, hashed while streaming, checked against the hub's sha256), converted in the worker and stored.
 */
async function fromHub(name: string, ctx: LoadContext): Promise<LoadedModel> {
  const { store } = await openBrowserStore({
    ...ctx.hub,
    ...(ctx.convertWorkerUrl === undefined ? {} : { convertWorkerUrl: ctx.convertWorkerUrl }),
  });
  try {
    const model = await store.loadOnnx(name, {
      dtype: ctx.dtype,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (p) => {
        const progress = webProgress(p);
        if (progress) ctx.onProgress?.(progress);
      },
    });
    return { onnx: model.onnx, name: model.location, variant: model.variant.name, cached: model.cached };
  } catch (error) {
    // core's own E_ABORTED (it says how many bytes were kept) passes; a DOM AbortError becomes ours.
    if (isAbort(error, ctx.signal) && !isSwslError(error)) throw new AbortedError(name, { cause: error });
    throw error;
  }
}

async function fromVariant(name: string, ctx: LoadContext): Promise<LoadedModel> {
  const row = ctx.hub?.variants?.find((v) => v.name === name);
  const variant = row?.name ?? resolveVariant(name).name;
  const key: ModelCacheKey = { kind: 'variant', id: variant, dtype: ctx.dtype };
  // An ONNX loaded earlier from modelBaseUrl (Cache Storage) is used by name, without a base URL.
  const cached = await ctx.cache.get(key);
  if (cached) return { onnx: cached.bytes, name: `${variant}-${ctx.dtype}.onnx (cached)`, variant, cached: true };
  if (!ctx.modelBaseUrl) return fromHub(variant, ctx);
  const url = absoluteUrl(`${ctx.modelBaseUrl.replace(/\/+$/, '')}/${variant}-${ctx.dtype}.onnx`);
  const onnx = await fetchBytes(url, ctx.onProgress, ctx.signal);
  // Check what the file says it is before caching it under the variant's name.
  const meta = readOnnxMetadata(onnx, url);
  if (meta.variant && meta.variant !== variant) {
    throw new ModelMismatchError(url, `the file is ${meta.variant}, not ${variant}`);
  }
  if (meta.dtype && meta.dtype !== ctx.dtype)
    throw new ModelMismatchError(url, `the file is ${meta.dtype}, not ${ctx.dtype}`);
  await keep(key, onnx, ctx);
  return { onnx, name: url, variant, cached: false };
}

async function fromUrl(url: string, expected: string | undefined, ctx: LoadContext): Promise<LoadedModel> {
  const absolute = absoluteUrl(url);
  const key: ModelCacheKey = { kind: 'url', id: absolute, dtype: ctx.dtype };
  const cached = await ctx.cache.get(key);
  if (cached && (!expected || cached.sha256 === expected.toLowerCase())) {
    return { onnx: cached.bytes, name: `${absolute} (cached)`, cached: true };
  }
  return { onnx: await download(absolute, key, ctx, expected), name: absolute, cached: false };
}

async function fromCheckpoint(
  input: BinaryInput,
  arch: ArchName | 'auto',
  name: string,
  ctx: LoadContext,
): Promise<LoadedModel> {
  const bytes = await bytesOf(input);
  // The checkpoint's own hash keys the cache: the same file dropped again loads without converting.
  const sourceSha256 = await hashWithProgress(bytes, ctx);
  const key: ModelCacheKey = { kind: 'checkpoint', id: `${sourceSha256}/${arch}`, dtype: ctx.dtype };
  const cached = await ctx.cache.get(key);
  if (cached) return { onnx: cached.bytes, name: `${name} (converted, cached)`, cached: true };
  ctx.onProgress?.({ stage: 'convert', loaded: 0 });
  const onnx = await convertInWorker(
    // A Blob travels to the worker without copying its bytes and is read there slice by slice.
    {
      checkpoint: input instanceof Blob ? input : bytes,
      name,
      arch,
      dtype: ctx.dtype,
      sourceSha256,
      ...(ctx.wasm ? { wasm: ctx.wasm } : {}),
    },
    ctx.convertWorkerUrl,
    (loaded, total, stage) => ctx.onProgress?.({ stage, loaded, total }),
  );
  await keep(key, onnx, ctx);
  return { onnx, name, cached: false };
}

export async function loadModelBytes(source: WebModelSource, ctx: LoadContext): Promise<LoadedModel> {
  if (typeof source === 'string') return fromVariant(source, ctx);
  if ('url' in source) return fromUrl(source.url, source.sha256, ctx);
  if ('onnx' in source) {
    const name = source.name ?? nameOf(source.onnx, '<onnx bytes>');
    return { onnx: await bytesOf(source.onnx), name, cached: false };
  }
  const name = source.name ?? nameOf(source.checkpoint, '<checkpoint bytes>');
  return fromCheckpoint(source.checkpoint, source.arch ?? 'auto', name, ctx);
}
