/// <reference lib="dom" />
import { SwslError } from '@swsl/registry';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

/** There is not enough room in this site's storage quota for a download and the model converted from it. */
export class StorageQuotaError extends SwslError {
  constructor(
    readonly key: string,
    readonly needed: number,
    readonly free: number,
  ) {
    super(
      'E_STORAGE_QUOTA',
      `Not enough browser storage for ${key}: it needs ≈ ${mb(needed)} (the download and the model converted from ` +
        `it), and this site has ${mb(Math.max(0, free))} free. Free disk space, or clear the swsl model cache ` +
        "(clearModelCache(), or the site's data in the browser settings), then try again.",
    );
  }
}

/** `navigator.storage.estimate()`'s answer: the part we read. */
export interface StorageEstimateLike {
  readonly quota?: number;
  readonly usage?: number;
}

export interface QuotaOptions {
  /** Default `navigator.storage.estimate()`; tests pass a smaller quota. */
  readonly estimate?: () => Promise<StorageEstimateLike>;
  /** Default `navigator.storage.persist()`, asked once per page/worker. */
  readonly persist?: () => Promise<boolean>;
}

let persistAsked: Promise<boolean> | undefined;

/**
 * Asks once for persistent storage (so the browser does not evict a model under storage pressure; Chromium grants
 * or refuses silently, Firefox may ask the user). The answer changes nothing else: downloads go ahead either way.
 * Workers have no `persist()`: `createWorkerClassifier` asks on the page.
 */
export function askPersistence(persist?: () => Promise<boolean>): Promise<boolean> {
  const ask = persist ?? (() => globalThis.navigator?.storage?.persist?.() ?? Promise.resolve(false));
  persistAsked ??= ask().catch(() => false);
  return persistAsked;
}

/**
 * Throws `E_STORAGE_QUOTA` before `bytes` more are downloaded into `key` (of which `have` are already stored as a
 * partial download) when the quota cannot hold them plus the ONNX converted from the whole file (about its size
 * again for fp32). Where the browser cannot estimate, the download goes ahead (a write then fails with the
 * browser's own QuotaExceededError).
 */
export async function assertRoomFor(key: string, bytes: number, have: number, options: QuotaOptions = {}) {
  await askPersistence(options.persist);
  const estimate = options.estimate ?? (() => globalThis.navigator?.storage?.estimate?.() ?? Promise.resolve({}));
  const { quota, usage } = await estimate().catch((): StorageEstimateLike => ({}));
  if (quota === undefined || usage === undefined) return;
  const needed = bytes + (bytes + have);
  const free = quota - usage;
  if (free < needed) throw new StorageQuotaError(key, needed, free);
}
