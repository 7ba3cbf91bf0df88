import {
  type ConvertCheckpoint,
  createModelStore,
  type FetchLike,
  type ModelStore,
  type StoreVariant,
} from '@swsl/core';
import { createFileLock } from './file-lock.js';
import { createFsStorage } from './fs-storage.js';
import { nodeSha256 } from './node-sha256.js';
import { baseUrlFromEnv, defaultCacheDir, offlineFromEnv } from './settings.js';

export interface NodeModelStoreOptions {
  /**
   * The checkpoint → ONNX converter: pass `convertCheckpoint` from `@swsl/convert`. (Injected rather than imported
   * so the store can be tested with a converter that records its input.)
   */
  readonly convert: ConvertCheckpoint;
  /** Default: `$SWSL_HOME`, else `$XDG_CACHE_HOME/swsl`, else `~/.cache/swsl`. */
  readonly cacheDir?: string;
  /** Default: `SWSL_OFFLINE=1`. */
  readonly offline?: boolean;
  /** Default: `SWSL_WEIGHTS_BASE_URL`, else the official URLs. */
  readonly baseUrl?: string;
  /** Name → variant; default: `resolveVariant` of `@swsl/registry`. */
  readonly resolve?: (name: string) => StoreVariant;
  /** Dropped connections resumed within one call (default 3). */
  readonly maxRetries?: number;
  /** Default: Node's built-in fetch. */
  readonly fetch?: FetchLike;
  /** Where the defaults above are read from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface NodeModelStore extends ModelStore {
  readonly cacheDir: string;
}

/** The model store on the file system, with Node's fetch, crypto and a cross-process file lock. */
export function createNodeModelStore(options: NodeModelStoreOptions): NodeModelStore {
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  const storage = createFsStorage(cacheDir);
  const baseUrl = options.baseUrl ?? baseUrlFromEnv(env);
  const store = createModelStore({
    capabilities: {
      storage,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      sha256: nodeSha256,
      lock: createFileLock(storage.locate),
      convert: options.convert,
    },
    offline: options.offline ?? offlineFromEnv(env),
    ...(baseUrl ? { baseUrl } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  return { ...store, cacheDir };
}
