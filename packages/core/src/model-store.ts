import { isSwslError, resolveVariant, type SwslError } from '@swsl/registry';
import { buildLockKey, MANIFEST_KEY, onnxKey } from './cache-keys.js';
import { type AbortSignalLike, DTYPES, type Dtype, type StoreCapabilities } from './capabilities.js';
import { downloadVerified } from './download.js';
import { hashBytes } from './hashing.js';
import { hubIntegrity } from './hub-integrity.js';
import { type ManifestEntry, readManifest, updateManifest } from './manifest.js';
import type { OnStoreProgress } from './progress.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { AbortedError, CachedChecksumError, ConvertError, OfflineError, SourcesFailedError } from './store-errors.js';
import { type StoreVariant, weightsUrl } from './store-variant.js';
import { describeExpected, type ExpectedHash, hashMatches } from './verify.js';
import { type Origin, type SourceChoice, type WeightSource, weightSources } from './weight-source.js';

export interface ModelStoreOptions {
  /** The platform's storage, fetch, hasher, lock and converter (see `StoreCapabilities`). */
  readonly capabilities: StoreCapabilities;
  /** `auto` (default): Facebook's URL, then the Hugging Face hub; `fb` or `hf`: that one only (`SWSL_SOURCE`). */
  readonly source?: SourceChoice;
  /** Mirror to download official file names from instead of the official URL (`SWSL_WEIGHTS_BASE_URL`). */
  readonly baseUrl?: string;
  /** The Hugging Face hub or a mirror of it (`HF_ENDPOINT`); default `https://huggingface.co`. */
  readonly hfEndpoint?: string;
  /** Never touch the network: only what is cached can be used (`SWSL_OFFLINE=1`). */
  readonly offline?: boolean;
  /** Name → variant; default: `resolveVariant` of `@swsl/registry`. Tests pass their own rows here. */
  readonly resolve?: (name: string) => StoreVariant;
  /** Retries within one call (dropped or stalled connections, resets, 429/5xx) before failing (default 4). */
  readonly maxRetries?: number;
  /** Backoff and idle timeout (see `RetryPolicy`); `maxRetries` above is a shorthand for `retry.maxRetries`. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Keep the checkpoint after converting it (default true: other dtypes convert without a download). A browser,
   * where storage is scarce, keeps only the ONNX.
   */
  readonly keepCheckpoint?: boolean;
}

export interface OperationOptions {
  readonly onProgress?: OnStoreProgress;
  /** Cancels the download (`E_ABORTED`); what was downloaded is kept, so the next call resumes it. */
  readonly signal?: AbortSignalLike;
}

export interface CheckpointFile {
  readonly variant: StoreVariant;
  readonly origin: Origin;
  readonly key: string;
  /** Where it is, for people (a path in Node). */
  readonly location: string;
  readonly sha256: string;
}

export interface OnnxModel {
  readonly variant: StoreVariant;
  readonly dtype: Dtype;
  readonly origin: Origin;
  readonly key: string;
  readonly location: string;
  readonly onnx: Uint8Array;
  /** Whether it was already converted and cached (no download, no conversion). */
  readonly cached: boolean;
  /** The sha256 of the checkpoint it was converted from (unknown for an ONNX put in the cache by hand). */
  readonly checkpointSha256?: string;
}

/** One file the store keeps. */
export interface CachedFile {
  readonly key: string;
  readonly location: string;
  readonly kind: 'checkpoint' | 'onnx';
  readonly origin: Origin;
  readonly variant?: string;
  readonly dtype?: string;
  /** From the manifest; absent for a file it does not know (put there by hand). */
  readonly bytes?: number;
  readonly sha256?: string;
}

export interface ModelStore {
  resolve(name: string): StoreVariant;
  /** The URL Facebook's checkpoint is downloaded from (official, or the mirror's). */
  weightsUrl(name: string): string;
  /** Every URL the store would try for the variant, in order (depends on `source`). */
  sourceUrls(name: string): string[];
  /** Downloads and verifies the checkpoint unless it is cached; returns where it is. */
  ensureCheckpoint(name: string, options?: OperationOptions): Promise<CheckpointFile>;
  /** The variant's ONNX model: cached, or downloaded + verified + converted + stored first. */
  loadOnnx(name: string, options?: OperationOptions & { readonly dtype?: Dtype }): Promise<OnnxModel>;
  /**
   * The variant's dtype if it is converted and cached already: where it is, without reading it or taking the build
   * lock (files are committed by an atomic rename, so one that exists is whole). For runtimes that open models by
   * path: onnxruntime-node maps the file instead of copying 100 MB through JavaScript.
   */
  findOnnx(name: string, options?: { readonly dtype?: Dtype }): Promise<Omit<OnnxModel, 'onnx' | 'cached'> | undefined>;
  /** Whether a checkpoint and each dtype's ONNX of the variant are cached (from either source). */
  cached(name: string): Promise<{ checkpoint: boolean; onnx: Dtype[] }>;
  /** Every checkpoint and ONNX file in the cache. */
  list(): Promise<CachedFile[]>;
  /** Removes the variant's checkpoints and ONNX files (and partial downloads) from the cache. */
  remove(name: string): Promise<string[]>;
  /** Removes every file of the cache. */
  clear(): Promise<string[]>;
}

/** Failures after which `auto` tries the next source: the server could not be reached or did not serve the file. */
const TRY_NEXT_SOURCE = new Set(['E_NETWORK', 'E_HTTP', 'E_DOWNLOAD', 'E_HUB_INTEGRITY']);

/**
 * The model store, written once for every platform: variant → weight source (Facebook's file host or the Hugging
 * Face hub) → resumable download with incremental sha256 → verification → conversion → cached ONNX. Concurrent calls
 * (in this process or others) for one file produce one valid file: each file is built under its own lock, and
 * whoever gets the lock second finds it done.
 */
export function createModelStore(options: ModelStoreOptions): ModelStore {
  const caps = options.capabilities;
  const { storage, lock } = caps;
  const resolve = options.resolve ?? resolveVariant;
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...options.retry,
  };
  const sourcesOf = (variant: StoreVariant, choice = options.source) =>
    weightSources(variant, { ...options, ...(choice ? { source: choice } : {}) });

  async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await lock(key);
    try {
      return await work();
    } finally {
      await release();
    }
  }

  /** A checkpoint already in the cache: vouched for by the manifest, or hashed (and checked where a hash is known). */
  async function cachedCheckpoint(
    variant: StoreVariant,
    source: WeightSource,
    op: OperationOptions,
  ): Promise<CheckpointFile | undefined> {
    if (!(await storage.has(source.key))) return undefined;
    const location = storage.locate(source.key);
    const file = { variant, origin: source.origin, key: source.key, location };
    const known = (await readManifest(storage)).files[source.key];
    if (known && (!source.expected || hashMatches(known.sha256, source.expected)))
      return { ...file, sha256: known.sha256 };
    // Not recorded by us (dropped in by hand, or the manifest was lost): hash it before trusting it.
    op.onProgress?.({ stage: 'verify', variant: variant.name, location });
    const bytes = (await storage.get(source.key)) ?? new Uint8Array();
    const digest = await hashBytes(caps.createHasher, bytes);
    if (source.expected && !hashMatches(digest, source.expected)) {
      await storage.remove(source.key);
      throw new CachedChecksumError(location, describeExpected(source.expected), digest);
    }
    await record(source.key, { variant: variant.name, sha256: digest, bytes: bytes.byteLength, origin: source.origin });
    return { ...file, sha256: digest };
  }

  async function download(variant: StoreVariant, source: WeightSource, op: OperationOptions): Promise<CheckpointFile> {
    const location = storage.locate(source.key);
    let expected: ExpectedHash | undefined = source.expected;
    let size: number | undefined;
    if (!expected) {
      // The hub's files are not pinned in the registry: the hub says what the bytes must hash to, before any arrive.
      const integrity = await hubIntegrity(caps.fetch, {
        resolveUrl: source.url,
        infoUrl: source.infoUrl ?? source.url,
        file: source.hubFile ?? source.fileName,
        location,
        timeoutMs: retry.idleTimeoutMs,
        ...(op.signal ? { signal: op.signal } : {}),
      });
      expected = { sha256Prefix: integrity.sha256.slice(0, 8), sha256: integrity.sha256 };
      size = integrity.size;
    }
    const { sha256, bytes } = await downloadVerified(caps, {
      url: source.url,
      key: source.key,
      fileName: source.fileName,
      expected,
      retry,
      ...(size === undefined ? {} : { size }),
      ...(op.signal ? { signal: op.signal } : {}),
      onRetry: (r) => op.onProgress?.({ stage: 'retry', variant: variant.name, url: source.url, ...r }),
      onProgress: (loaded, total, resumedFrom) =>
        op.onProgress?.({
          stage: 'download',
          variant: variant.name,
          origin: source.origin,
          url: source.url,
          loaded,
          total,
          resumedFrom,
        }),
    });
    // The size the part reached, not the file read back: a checkpoint is hundreds of MB.
    await record(source.key, { variant: variant.name, sha256, bytes, source: source.url, origin: source.origin });
    op.onProgress?.({ stage: 'stored', variant: variant.name, location });
    return { variant, origin: source.origin, key: source.key, location, sha256 };
  }

  /** The cached checkpoint of the first source that has one, else a download from the first source that works. */
  async function obtainCheckpoint(
    variant: StoreVariant,
    sources: readonly WeightSource[],
    op: OperationOptions,
  ): Promise<CheckpointFile> {
    for (const source of sources) {
      const found = await withLock(source.key, () => cachedCheckpoint(variant, source, op));
      if (found) return found;
    }
    const firstLocation = storage.locate(sources[0]!.key);
    if (options.offline)
      throw new OfflineError(
        sources.map((s) => s.url),
        firstLocation,
      );
    const failures: { url: string; error: SwslError }[] = [];
    for (const source of sources) {
      try {
        // Whoever held the lock before us may have finished the download.
        return await withLock(
          source.key,
          async () => (await cachedCheckpoint(variant, source, op)) ?? download(variant, source, op),
        );
      } catch (error) {
        if (op.signal?.aborted) throw error instanceof AbortedError ? error : new AbortedError(source.url, 0);
        if (!isSwslError(error) || !TRY_NEXT_SOURCE.has(error.code)) throw error;
        failures.push({ url: source.url, error });
      }
    }
    if (failures.length === 1) throw failures[0]!.error;
    throw new SourcesFailedError(variant.name, failures, firstLocation);
  }

  /** An ONNX of the variant and dtype already converted from one of `sources`' checkpoints. */
  async function findCachedOnnx(
    variant: StoreVariant,
    dtype: Dtype,
    sources: readonly WeightSource[],
  ): Promise<{ key: string; origin: Origin; entry?: ManifestEntry } | undefined> {
    const files = (await readManifest(storage)).files;
    for (const source of sources) {
      if (source.origin === 'fb') {
        const key = onnxKey(variant, dtype);
        if (await storage.has(key)) return { key, origin: 'fb', ...(files[key] ? { entry: files[key] } : {}) };
        continue;
      }
      // The hub's file is not pinned: the manifest remembers which ONNX came from it (newest first).
      const candidates = Object.entries(files)
        .filter(([, e]) => e.origin === source.origin && e.variant === variant.name && e.dtype === dtype)
        .sort(([, a], [, b]) => b.storedAt.localeCompare(a.storedAt));
      for (const [key, entry] of candidates) {
        if (key.startsWith('onnx/') && (await storage.has(key))) return { key, origin: source.origin, entry };
      }
    }
    return undefined;
  }

  /** A cached ONNX as `loadOnnx` and `findOnnx` report it (without its bytes). */
  function describeHit(
    variant: StoreVariant,
    dtype: Dtype,
    hit: { key: string; origin: Origin; entry?: ManifestEntry },
  ): Omit<OnnxModel, 'onnx' | 'cached'> {
    return {
      variant,
      dtype,
      origin: hit.origin,
      key: hit.key,
      location: storage.locate(hit.key),
      ...(hit.entry?.checkpointSha256 ? { checkpointSha256: hit.entry.checkpointSha256 } : {}),
    };
  }

  async function loadOnnx(name: string, op: OperationOptions & { readonly dtype?: Dtype } = {}): Promise<OnnxModel> {
    const variant = resolve(name);
    const dtype = op.dtype ?? 'fp32';
    const sources = sourcesOf(variant);
    // One build of a variant's dtype at a time: a second caller waits here and then finds the model done.
    return withLock(buildLockKey(variant, dtype), async () => {
      const hit = await findCachedOnnx(variant, dtype, sources);
      if (hit) {
        const onnx = await storage.get(hit.key);
        if (onnx) return { ...describeHit(variant, dtype, hit), onnx, cached: true };
      }

      const checkpoint = await obtainCheckpoint(variant, sources, op);
      const key = onnxKey(variant, dtype, checkpoint.sha256);
      const location = storage.locate(key);
      const bytes = await storage.get(checkpoint.key);
      if (!bytes) throw new CachedChecksumError(checkpoint.location, checkpoint.sha256, 'missing');
      let onnx: Uint8Array;
      try {
        const result = await caps.convert(bytes, {
          ...(variant.arch ? { arch: variant.arch } : {}),
          dtype,
          variant: variant.name,
          sourceSha256: checkpoint.sha256,
          onProgress: (detail) => op.onProgress?.({ stage: 'convert', variant: variant.name, dtype, detail }),
        });
        onnx = result.onnx;
      } catch (error) {
        throw isSwslError(error) ? error : new ConvertError(checkpoint.location, error);
      }
      await storage.put(key, onnx);
      await record(key, {
        variant: variant.name,
        sha256: await hashBytes(caps.createHasher, onnx),
        bytes: onnx.byteLength,
        dtype,
        checkpointSha256: checkpoint.sha256,
        origin: checkpoint.origin,
      });
      if (options.keepCheckpoint === false) await forget([checkpoint.key]);
      op.onProgress?.({ stage: 'stored', variant: variant.name, location });
      return {
        variant,
        dtype,
        origin: checkpoint.origin,
        key,
        location,
        onnx,
        cached: false,
        checkpointSha256: checkpoint.sha256,
      };
    });
  }

  async function record(key: string, entry: Omit<ManifestEntry, 'storedAt'>): Promise<void> {
    await updateManifest(storage, lock, (files) => {
      files[key] = { ...entry, storedAt: new Date().toISOString() };
    });
  }

  /** Removes the keys (and their partial downloads) and their manifest entries; returns the locations that existed. */
  async function forget(keys: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const key of keys) {
      await withLock(key, async () => {
        if (await storage.has(key)) removed.push(storage.locate(key));
        await storage.remove(key);
      });
    }
    await updateManifest(storage, lock, (files) => {
      for (const key of keys) delete files[key];
    });
    return removed;
  }

  async function list(): Promise<CachedFile[]> {
    const files = (await readManifest(storage)).files;
    const keys = [...(await storage.list('checkpoints/')), ...(await storage.list('onnx/'))];
    return keys.map((key): CachedFile => {
      const entry = files[key];
      return {
        key,
        location: storage.locate(key),
        kind: key.startsWith('onnx/') ? 'onnx' : 'checkpoint',
        origin: entry?.origin ?? (key.startsWith('checkpoints/hf/') ? 'hf' : 'fb'),
        ...(entry ? { variant: entry.variant, bytes: entry.bytes, sha256: entry.sha256 } : {}),
        ...(entry?.dtype ? { dtype: entry.dtype } : {}),
      };
    });
  }

  return {
    resolve,
    weightsUrl: (name) => weightsUrl(resolve(name), options.baseUrl),
    sourceUrls: (name) => sourcesOf(resolve(name)).map((s) => s.url),
    ensureCheckpoint: async (name, op = {}) => {
      const variant = resolve(name);
      return obtainCheckpoint(variant, sourcesOf(variant), op);
    },
    loadOnnx,
    async findOnnx(name, op = {}) {
      const variant = resolve(name);
      const dtype = op.dtype ?? 'fp32';
      const hit = await findCachedOnnx(variant, dtype, sourcesOf(variant));
      return hit && describeHit(variant, dtype, hit);
    },
    async cached(name) {
      const variant = resolve(name);
      const every = sourcesOf(variant, 'auto');
      const onnx: Dtype[] = [];
      for (const dtype of DTYPES) if (await findCachedOnnx(variant, dtype, every)) onnx.push(dtype);
      let checkpoint = false;
      for (const source of every) checkpoint ||= await storage.has(source.key);
      return { checkpoint, onnx };
    },
    list,
    async remove(name) {
      const variant = resolve(name);
      const ours = (await list()).filter((f) => f.variant === variant.name).map((f) => f.key);
      const known = [
        ...sourcesOf(variant, 'auto').map((s) => s.key),
        ...DTYPES.map((dtype) => onnxKey(variant, dtype)),
        ...(await storage.list(`onnx/${variant.name}-`)),
      ];
      return forget([...new Set([...known, ...ours])]);
    },
    async clear() {
      const removed = await forget((await list()).map((f) => f.key));
      await storage.remove(MANIFEST_KEY);
      return removed;
    },
  };
}
