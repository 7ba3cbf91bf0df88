import type { Dtype } from '@swsl/core';
/// <reference lib="dom" />
import { WebChecksumError } from './errors.js';
import type { WebProgress, WebWarning } from './progress.js';
import { sha256Hex } from './sha256.js';

/** The Cache Storage cache that holds swsl's ONNX models (bump the suffix when the entry layout changes). */
export const MODEL_CACHE_NAME = 'swsl-models-v1';

/**
 * What a cached model is keyed by: where it came from (`variant` name, model `url`, or the sha256 of the
 * `checkpoint` it was converted from, plus the architecture asked for) and its dtype. The model's own sha256 is
 * stored with it and checked on every read.
 */
export interface ModelCacheKey {
  readonly kind: 'variant' | 'url' | 'checkpoint';
  readonly id: string;
  readonly dtype: Dtype;
}

/** Cache keys must be http(s) URLs; this host can never resolve (`.invalid`), so no request ever leaves the page. */
export function modelCacheUrl(key: ModelCacheKey): string {
  return `https://swsl-cache.invalid/${key.kind}/${encodeURIComponent(key.id)}/${key.dtype}.onnx`;
}

export const SHA256_HEADER = 'x-swsl-sha256';

export interface CachedModel {
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export interface ModelCache {
  /** Whether `put` keeps anything: when not, callers skip hashing bytes only the cache would need. */
  readonly persistent: boolean;
  /** The verified cached bytes, or `undefined` (absent, or damaged: then removed and reported via `onWarning`). */
  get(key: ModelCacheKey): Promise<CachedModel | undefined>;
  put(key: ModelCacheKey, bytes: Uint8Array, sha256: string): Promise<void>;
}

/** A cache that keeps nothing (`cache: false`, or no Cache Storage: insecure context, some private modes). */
export const noCache: ModelCache = { persistent: false, get: async () => undefined, put: async () => {} };

export function cacheStorageAvailable(): boolean {
  return typeof caches !== 'undefined';
}

export function openModelCache(hooks: {
  onProgress?: (p: WebProgress) => void;
  onWarning?: (w: WebWarning) => void;
}): ModelCache {
  const open = () => caches.open(MODEL_CACHE_NAME);
  return {
    persistent: true,
    async get(key) {
      const cache = await open();
      const url = modelCacheUrl(key);
      const response = await cache.match(url);
      if (!response) return undefined;
      const expected = response.headers.get(SHA256_HEADER) ?? '(none recorded)';
      const bytes = new Uint8Array(await response.arrayBuffer());
      hooks.onProgress?.({ stage: 'verify', loaded: 0, total: bytes.length, cached: true });
      const actual = await sha256Hex(bytes, (loaded) =>
        hooks.onProgress?.({ stage: 'verify', loaded, total: bytes.length, cached: true }),
      );
      if (actual === expected) return { bytes, sha256: actual };
      // A damaged entry (storage corruption, a partial write by an old version, a hand edit) must never reach the
      // session: drop it; the caller fetches or converts the model again.
      await cache.delete(url);
      const error = new WebChecksumError(
        `the cached model ${url} (Cache Storage "${MODEL_CACHE_NAME}")`,
        expected,
        actual,
        'The entry was removed and the model is loaded again.',
      );
      hooks.onWarning?.({ code: error.code, message: error.message });
      return undefined;
    },
    async put(key, bytes, sha256) {
      const cache = await open();
      const headers = {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
        [SHA256_HEADER]: sha256,
        'x-swsl-source': `${key.kind}:${key.id}`,
      };
      await cache.put(modelCacheUrl(key), new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
    },
  };
}
