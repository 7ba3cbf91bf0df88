/// <reference lib="dom" />
import {
  type ConvertCheckpoint,
  createModelStore,
  type FetchLike,
  type ModelStore,
  type RetryPolicy,
  type StoreProgress,
  type StoreVariant,
} from '@swsl/core';
import { resolveVariant } from '@swsl/registry';
import { convertInWorker } from './convert-in-worker.js';
import { createBrowserHasher } from './hasher.js';
import { type BrowserStorage, createBrowserStorage } from './opfs-storage.js';
import type { WebProgress } from './progress.js';
import type { QuotaOptions } from './storage-quota.js';
import type { WasmSettings } from './wasm-env.js';
import { webLock } from './web-lock.js';

export interface BrowserStoreOptions {
  /** The Hugging Face hub or a mirror of it (default `https://huggingface.co`). */
  readonly hfEndpoint?: string;
  /** Where the conversion worker is (`false`: convert on this thread, e.g. already inside a worker). */
  readonly convertWorkerUrl?: string | URL | false;
  /** int8/w8: how the conversion's onnxruntime-web runs the calibration graph (the page's threads, `.wasm` files). */
  readonly wasm?: WasmSettings;
  readonly quota?: QuotaOptions;
  /** Rows used instead of the registry's for these names (private mirrors, your own checkpoints, tests). */
  readonly variants?: readonly StoreVariant[];
  /** `false`: keep nothing (memory storage, as `cache: false`); default: OPFS where the browser has it. */
  readonly persist?: boolean;
  /** Retries, backoff and the idle timeout of downloads (default: core's `DEFAULT_RETRY_POLICY`). */
  readonly retry?: Partial<RetryPolicy>;
}

/**
 * The browser's `fetch` as core's `FetchLike`. `cache: 'no-store'`: the store keeps the file itself; a second copy in
 * the HTTP cache would only double the disk space a 100 MB download takes.
 */
const browserFetch: FetchLike = (url, init) =>
  fetch(url, {
    headers: init.headers,
    redirect: init.redirect ?? 'follow',
    cache: 'no-store',
    ...(init.signal ? { signal: init.signal as AbortSignal } : {}),
  });

/** `@swsl/convert` in the conversion worker, as core's `ConvertCheckpoint`. */
function workerConvert(workerUrl: string | URL | false | undefined, wasm: WasmSettings | undefined): ConvertCheckpoint {
  return async (bytes, options) => {
    const onnx = await convertInWorker(
      {
        checkpoint: bytes,
        name: options.variant ?? 'checkpoint',
        arch: options.arch ?? 'auto',
        dtype: options.dtype ?? 'fp32',
        sourceSha256: options.sourceSha256 ?? '',
        ...(options.variant ? { variant: options.variant } : {}),
        ...(wasm ? { wasm } : {}),
      },
      workerUrl,
      (done, total, stage) => options.onProgress?.({ done, total, stage }),
    );
    return { onnx, arch: undefined, info: undefined };
  };
}

/**
 * core's model store in the browser: the hub's safetensors streamed into OPFS (resumable across reloads) and hashed
 * while it streams (hash-wasm), converted in the conversion worker, the ONNX kept in OPFS keyed by the source's
 * sha256 and the dtype; the checkpoint is not kept (the quota is better spent on models). Web Locks make two tabs
 * share one download.
 */
export async function openBrowserStore(
  options: BrowserStoreOptions = {},
): Promise<{ store: ModelStore; storage: BrowserStorage }> {
  const storage = await createBrowserStorage(options.quota, options.persist !== false);
  const rows = new Map((options.variants ?? []).map((v) => [v.name, v]));
  const store = createModelStore({
    capabilities: {
      storage,
      fetch: browserFetch,
      createHasher: createBrowserHasher,
      lock: webLock,
      convert: workerConvert(options.convertWorkerUrl, options.wasm),
    },
    // Facebook's file host sends no CORS headers: a page cannot read it. The hub's mirror of the same weights can.
    source: 'hf',
    ...(options.hfEndpoint ? { hfEndpoint: options.hfEndpoint } : {}),
    resolve: (name) => rows.get(name) ?? resolveVariant(name),
    keepCheckpoint: false,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { store, storage };
}

/** core's store progress in runtime-web's terms. */
export function webProgress(p: StoreProgress): WebProgress | undefined {
  switch (p.stage) {
    case 'download':
      return {
        stage: 'download',
        loaded: p.loaded,
        ...(p.total === undefined ? {} : { total: p.total }),
        cached: false,
      };
    case 'verify':
      return { stage: 'verify', cached: false };
    case 'convert': {
      const detail = p.detail as { done?: number; total?: number; stage?: 'convert' | 'calibrate' } | undefined;
      return {
        stage: detail?.stage ?? 'convert',
        ...(typeof detail?.done === 'number' ? { loaded: detail.done } : {}),
        ...(typeof detail?.total === 'number' ? { total: detail.total } : {}),
      };
    }
    default:
      return undefined;
  }
}
