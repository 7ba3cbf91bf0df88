import { isSwslError, resolveVariant } from '@swsl/registry';
import { checkpointKey, onnxKey } from './cache-keys.js';
import type { Dtype, StoreCapabilities } from './capabilities.js';
import { downloadVerified } from './download.js';
import { type ManifestEntry, readManifest, updateManifest } from './manifest.js';
import type { OnStoreProgress } from './progress.js';
import { CachedChecksumError, ConvertError, OfflineError } from './store-errors.js';
import { type StoreVariant, weightsUrl } from './store-variant.js';
import { describeExpected, hashMatches } from './verify.js';

export interface ModelStoreOptions {
  /** The platform's storage, fetch, sha256, lock and converter (see `StoreCapabilities`). */
  readonly capabilities: StoreCapabilities;
  /** Mirror to download official file names from instead of the official URL (`SWSL_WEIGHTS_BASE_URL`). */
  readonly baseUrl?: string;
  /** Never touch the network: only what is cached can be used (`SWSL_OFFLINE=1`). */
  readonly offline?: boolean;
  /** Name → variant; default: `resolveVariant` of `@swsl/registry`. Tests pass their own rows here. */
  readonly resolve?: (name: string) => StoreVariant;
  /** Dropped connections resumed within one call before failing with `E_NETWORK` (default 3). */
  readonly maxRetries?: number;
}

export interface OperationOptions {
  readonly onProgress?: OnStoreProgress;
}

export interface CheckpointFile {
  readonly variant: StoreVariant;
  readonly key: string;
  /** Where it is, for people (a path in Node). */
  readonly location: string;
  readonly sha256: string;
}

export interface OnnxModel {
  readonly variant: StoreVariant;
  readonly dtype: Dtype;
  readonly key: string;
  readonly location: string;
  readonly onnx: Uint8Array;
  /** Whether it was already converted and cached (no download, no conversion). */
  readonly cached: boolean;
}

export interface ModelStore {
  resolve(name: string): StoreVariant;
  /** The URL the checkpoint is downloaded from (official, or the mirror's). */
  weightsUrl(name: string): string;
  /** Downloads and verifies the checkpoint unless it is cached; returns where it is. */
  ensureCheckpoint(name: string, options?: OperationOptions): Promise<CheckpointFile>;
  /** The variant's ONNX model: cached, or downloaded + verified + converted + stored first. */
  loadOnnx(name: string, options?: OperationOptions & { readonly dtype?: Dtype }): Promise<OnnxModel>;
  /** Whether the checkpoint and each dtype's ONNX of the variant are cached. */
  cached(name: string): Promise<{ checkpoint: boolean; onnx: Dtype[] }>;
  /** Removes the variant's checkpoint and ONNX files (and partial downloads) from the cache. */
  remove(name: string): Promise<string[]>;
}

const DTYPES: readonly Dtype[] = ['fp32', 'fp16'];

/**
 * The model store, written once for every platform: variant → weight URL → resumable download → sha256 check →
 * conversion → cached ONNX. Concurrent calls (in this process or others) for one file produce one valid file:
 * each file is built under its own lock, and whoever gets the lock second finds it done.
 */
export function createModelStore(options: ModelStoreOptions): ModelStore {
  const caps = options.capabilities;
  const { storage, lock } = caps;
  const resolve = options.resolve ?? resolveVariant;
  const maxRetries = options.maxRetries ?? 3;

  async function ensureCheckpoint(name: string, op: OperationOptions = {}): Promise<CheckpointFile> {
    const variant = resolve(name);
    const key = checkpointKey(variant);
    const location = storage.locate(key);
    const url = weightsUrl(variant, options.baseUrl);
    const release = await lock(key);
    try {
      if (await storage.has(key)) {
        const known = (await readManifest(storage)).files[key];
        if (known && hashMatches(known.sha256, variant.weights))
          return { variant, key, location, sha256: known.sha256 };
        // Not recorded by us (dropped in by hand, or the manifest was lost): verify before trusting it.
        op.onProgress?.({ stage: 'verify', variant: variant.name, location });
        const bytes = (await storage.get(key)) ?? new Uint8Array();
        const digest = await caps.sha256(once(bytes));
        if (!hashMatches(digest, variant.weights)) {
          await storage.remove(key);
          throw new CachedChecksumError(location, describeExpected(variant.weights), digest);
        }
        await record(key, { variant: variant.name, sha256: digest, bytes: bytes.byteLength });
        return { variant, key, location, sha256: digest };
      }
      if (options.offline) throw new OfflineError(url, location);

      const sha256 = await downloadVerified(caps, {
        url,
        key,
        fileName: variant.weights.fileName,
        expected: variant.weights,
        maxRetries,
        onProgress: (loaded, total, resumedFrom) =>
          op.onProgress?.({ stage: 'download', variant: variant.name, url, loaded, total, resumedFrom }),
      });
      const bytes = (await storage.get(key))?.byteLength ?? 0;
      await record(key, { variant: variant.name, sha256, bytes, source: url });
      op.onProgress?.({ stage: 'stored', variant: variant.name, location });
      return { variant, key, location, sha256 };
    } finally {
      await release();
    }
  }

  async function loadOnnx(name: string, op: OperationOptions & { readonly dtype?: Dtype } = {}): Promise<OnnxModel> {
    const variant = resolve(name);
    const dtype = op.dtype ?? 'fp32';
    const key = onnxKey(variant, dtype);
    const location = storage.locate(key);
    // Locking the ONNX key first means a second process waits here and then finds the model done.
    const release = await lock(key);
    try {
      const cached = await storage.get(key);
      if (cached) return { variant, dtype, key, location, onnx: cached, cached: true };

      const checkpoint = await ensureCheckpoint(name, op);
      const bytes = await storage.get(checkpoint.key);
      if (!bytes) throw new CachedChecksumError(checkpoint.location, describeExpected(variant.weights), 'missing');
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
      const digest = await caps.sha256(once(onnx));
      await record(key, {
        variant: variant.name,
        sha256: digest,
        bytes: onnx.byteLength,
        dtype,
        checkpointSha256: checkpoint.sha256,
      });
      op.onProgress?.({ stage: 'stored', variant: variant.name, location });
      return { variant, dtype, key, location, onnx, cached: false };
    } finally {
      await release();
    }
  }

  async function record(key: string, entry: Omit<ManifestEntry, 'storedAt'>): Promise<void> {
    await updateManifest(storage, lock, (files) => {
      files[key] = { ...entry, storedAt: new Date().toISOString() };
    });
  }

  return {
    resolve,
    weightsUrl: (name) => weightsUrl(resolve(name), options.baseUrl),
    ensureCheckpoint,
    loadOnnx,
    async cached(name) {
      const variant = resolve(name);
      const onnx: Dtype[] = [];
      for (const dtype of DTYPES) if (await storage.has(onnxKey(variant, dtype))) onnx.push(dtype);
      return { checkpoint: await storage.has(checkpointKey(variant)), onnx };
    },
    async remove(name) {
      const variant = resolve(name);
      const keys = [checkpointKey(variant), ...DTYPES.map((dtype) => onnxKey(variant, dtype))];
      const removed: string[] = [];
      for (const key of keys) {
        const release = await lock(key);
        try {
          if (await storage.has(key)) removed.push(storage.locate(key));
          await storage.remove(key);
        } finally {
          await release();
        }
      }
      await updateManifest(storage, lock, (files) => {
        for (const key of keys) delete files[key];
      });
      return removed;
    },
  };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
