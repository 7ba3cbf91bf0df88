import {
  type ConvertCheckpoint,
  createModelStore,
  type FetchLike,
  type ModelStore,
  type RetryPolicy,
  type SourceChoice,
  type StoreVariant,
} from '@swsl/core';
import { createFileLock } from './file-lock.js';
import { createFsStorage } from './fs-storage.js';
import { nodeHasher } from './node-hasher.js';
import {
  baseUrlFromEnv,
  defaultCacheDir,
  hfEndpointFromEnv,
  offlineFromEnv,
  retryFromEnv,
  sourceFromEnv,
} from './settings.js';

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
  /** `auto` (Facebook's URL, then the Hugging Face hub), `fb` or `hf`. Default: `SWSL_SOURCE`, else `auto`. */
  readonly source?: SourceChoice;
  /** The hub or a mirror of it. Default: `HF_ENDPOINT`, else `https://huggingface.co`. */
  readonly hfEndpoint?: string;
  /** Name → variant; default: `resolveVariant` of `@swsl/registry`. */
  readonly resolve?: (name: string) => StoreVariant;
  /** Retries within one call: dropped or stalled connections, resets, 429/5xx (default `SWSL_DOWNLOAD_RETRIES`, else 4). */
  readonly maxRetries?: number;
  /** Backoff and idle timeout (default: `SWSL_DOWNLOAD_IDLE_TIMEOUT` seconds, else core's `DEFAULT_RETRY_POLICY`). */
  readonly retry?: Partial<RetryPolicy>;
  /** Keep checkpoints after converting them (default true). */
  readonly keepCheckpoint?: boolean;
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
  const hfEndpoint = options.hfEndpoint ?? hfEndpointFromEnv(env);
  const source = options.source ?? sourceFromEnv(env);
  const store = createModelStore({
    capabilities: {
      storage,
      // Node's fetch answers `redirect: 'manual'` with the 30x itself, so the hub's X-Linked-Etag is readable.
      fetch: options.fetch ?? ((url, init) => fetch(url, init as RequestInit)),
      createHasher: nodeHasher,
      lock: createFileLock(storage.locate),
      convert: options.convert,
    },
    offline: options.offline ?? offlineFromEnv(env),
    ...(baseUrl ? { baseUrl } : {}),
    ...(hfEndpoint ? { hfEndpoint } : {}),
    ...(source ? { source } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    retry: {
      ...retryFromEnv(env),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...options.retry,
    },
    ...(options.keepCheckpoint === undefined ? {} : { keepCheckpoint: options.keepCheckpoint }),
  });
  return { ...store, cacheDir };
}
