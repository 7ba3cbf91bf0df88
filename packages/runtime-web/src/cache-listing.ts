/// <reference lib="dom" />
import { openBrowserStore } from './browser-store.js';
import { cacheStorageAvailable, MODEL_CACHE_NAME, SHA256_HEADER } from './model-cache.js';
import { clearOpfs } from './opfs-storage.js';

/** One thing runtime-web keeps for later loads. */
export interface CachedModelEntry {
  /** OPFS storage key (`onnx/resnet18_swsl-fp32-<sha8>.onnx`) or the Cache Storage entry's URL. */
  readonly key: string;
  /** Where it is, for people: `opfs:/swsl/<key>`, or the Cache Storage URL. */
  readonly location: string;
  readonly kind: 'onnx' | 'checkpoint';
  readonly variant?: string;
  readonly dtype?: string;
  readonly bytes: number;
  /**
   * Where it came from: `hf` (the Hugging Face hub, via the OPFS store), `fb` (Facebook's host; Node stores only),
   * or, for Cache Storage: `model-base-url` (a variant's ONNX from `modelBaseUrl`), `url` (`{ url }`), `checkpoint`
   * (a `.pth`/`.safetensors` converted here).
   */
  readonly origin: 'hf' | 'fb' | 'model-base-url' | 'url' | 'checkpoint';
  /** The sha256 recorded when it was stored. */
  readonly sha256?: string;
  readonly store: 'opfs' | 'cache-storage';
}

const CACHE_ORIGIN = { variant: 'model-base-url', url: 'url', checkpoint: 'checkpoint' } as const;

/** Entries of the Cache Storage cache (`https://swsl-cache.invalid/<kind>/<id>/<dtype>.onnx`). */
async function cacheStorageEntries(): Promise<CachedModelEntry[]> {
  if (!cacheStorageAvailable() || !(await caches.has(MODEL_CACHE_NAME))) return [];
  const cache = await caches.open(MODEL_CACHE_NAME);
  const out: CachedModelEntry[] = [];
  for (const request of await cache.keys()) {
    const match = /^https:\/\/swsl-cache\.invalid\/(variant|url|checkpoint)\/([^/]+)\/(\w+)\.onnx$/.exec(request.url);
    if (!match) continue;
    const [, kind, id, dtype] = match as unknown as [string, keyof typeof CACHE_ORIGIN, string, string];
    const response = await cache.match(request);
    const sha256 = response?.headers.get(SHA256_HEADER) ?? undefined;
    out.push({
      key: request.url,
      location: `${request.url} (Cache Storage "${MODEL_CACHE_NAME}")`,
      kind: 'onnx',
      ...(kind === 'variant' ? { variant: decodeURIComponent(id) } : {}),
      dtype,
      bytes: Number(response?.headers.get('content-length') ?? 0),
      origin: CACHE_ORIGIN[kind],
      ...(sha256 ? { sha256 } : {}),
      store: 'cache-storage',
    });
  }
  return out;
}

/**
 * Everything cached for later loads: the OPFS model store's files (ONNX models, any kept checkpoint) and the Cache
 * Storage entries (ONNX from `modelBaseUrl`, `{ url }` and converted local checkpoints). Nothing is downloaded.
 * Partial downloads are not listed (they are resumed, or removed by `clearModelCache`).
 */
export async function listCachedModels(): Promise<CachedModelEntry[]> {
  const { store, storage } = await openBrowserStore();
  const opfs: CachedModelEntry[] =
    storage.kind === 'opfs'
      ? (await store.list()).map((file) => ({
          key: file.key,
          location: file.location,
          kind: file.kind,
          ...(file.variant ? { variant: file.variant } : {}),
          ...(file.dtype ? { dtype: file.dtype } : {}),
          bytes: file.bytes ?? 0,
          origin: file.origin,
          ...(file.sha256 ? { sha256: file.sha256 } : {}),
          store: 'opfs' as const,
        }))
      : [];
  return [...opfs, ...(await cacheStorageEntries())];
}

/**
 * Deletes what the OPFS model store keeps for one variant (its checkpoint, its ONNX at every dtype), e.g. a download
 * that turned out not to be that variant's weights, so the next load fetches it again. Resolves the keys removed.
 */
export async function removeCachedModel(variant: string): Promise<string[]> {
  const { store, storage } = await openBrowserStore();
  return storage.kind === 'opfs' ? store.remove(variant) : [];
}

/**
 * Deletes everything runtime-web keeps: the OPFS folder `swsl/` (models, partial downloads, the manifest) and the
 * Cache Storage cache. Resolves `true` when there was anything to delete. A download running in another tab at
 * that moment fails and starts again from zero.
 */
export async function clearModelCache(): Promise<boolean> {
  const listed = await listCachedModels().catch(() => []);
  await clearOpfs();
  const cache = cacheStorageAvailable() ? await caches.delete(MODEL_CACHE_NAME) : false;
  return listed.length > 0 || cache;
}
