/// <reference lib="dom" />
/** The test page's script: exposes the package, onnxruntime-web and a few probes on `window` for `page.evaluate`. */
import { readOnnxMetadata } from '@swsl/convert/metadata';
import * as ort from 'onnxruntime-web';
import * as swsl from '../index.js';
import { openOpfsPartial } from '../opfs-partial.js';
import { createOpfsStorage, openOpfsRoot } from '../opfs-storage.js';

/** Every Worker the page starts, by script URL (to see the conversion really ran in a worker). */
const workerUrls: string[] = [];
const NativeWorker = globalThis.Worker;
globalThis.Worker = class extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    workerUrls.push(String(url));
  }
};

async function blob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

/** Flips one byte in the middle of every cached model, keeping the stored sha256 header. */
async function corruptCache(): Promise<number> {
  const cache = await caches.open(swsl.MODEL_CACHE_NAME);
  let n = 0;
  for (const request of await cache.keys()) {
    const response = (await cache.match(request)) as Response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0xff;
    await cache.put(request, new Response(bytes, { headers: response.headers }));
    n++;
  }
  return n;
}

/** Each cached entry: URL, stored sha256, and the sha256 of its bytes now. */
async function cacheEntries() {
  const cache = await caches.open(swsl.MODEL_CACHE_NAME);
  const out = [];
  for (const request of await cache.keys()) {
    const response = (await cache.match(request)) as Response;
    const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
    const actual = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    out.push({ url: request.url, stored: response.headers.get('x-swsl-sha256'), actual });
  }
  return out;
}

/** Each cached model's metadata entries (`swsl.dtype`, `swsl.quantization`, …): what a conversion here recorded. */
async function cachedMetadata(): Promise<Record<string, string>[]> {
  const cache = await caches.open(swsl.MODEL_CACHE_NAME);
  const out = [];
  for (const request of await cache.keys()) {
    const bytes = new Uint8Array(await ((await cache.match(request)) as Response).arrayBuffer());
    out.push({ ...readOnnxMetadata(bytes, request.url).raw });
  }
  return out;
}

/** A plain-data copy of an error (code, name, message), as page.evaluate cannot return Error objects. */
async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as { code?: string; name?: string; message?: string };
    return { code: e.code, name: e.name, message: e.message };
  }
}

/** Lower-case hex sha256 with SubtleCrypto (the reference for the incremental hasher). */
async function subtleSha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Deterministic bytes (xorshift) of any length: the same on every call, so a reloaded page can check a resume. */
function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Main-thread tasks longer than 50 ms (the browser's 'longtask' entries) that were still running at this call or
 * came after it, until the returned stop(). An entry arrives a little after its task ends, so one that had ended
 * before this call (another phase's) is left out by its end time.
 */
function watchLongTasks(): () => number[] {
  const since = performance.now();
  const durations: number[] = [];
  const record = (entries: PerformanceEntryList) => {
    for (const entry of entries) if (entry.startTime + entry.duration > since) durations.push(entry.duration);
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ type: 'longtask' });
  return () => {
    record(observer.takeRecords());
    observer.disconnect();
    return durations;
  };
}

/** Every file under OPFS `swsl/` (path → bytes), partial-download segments included: what the store left behind. */
async function opfsFiles(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const walk = async (dir: FileSystemDirectoryHandle, path: string) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}${name}/`);
      else out[`${path}${name}`] = (await (handle as FileSystemFileHandle).getFile()).size;
    }
  };
  const root = await testkit.opfs.openOpfsRoot();
  if (root) await walk(root, '');
  return out;
}

const testkit = {
  opfsFiles,
  watchLongTasks,
  blob,
  corruptCache,
  cacheEntries,
  cachedMetadata,
  errorOf,
  workerUrls,
  subtleSha256,
  patternBytes,
  opfs: { createOpfsStorage, openOpfsRoot, openOpfsPartial },
};

/** What the page puts on `globalThis`, for typing `page.evaluate` callbacks. */
export interface PageGlobals {
  readonly swsl: typeof swsl;
  readonly ort: typeof ort;
  readonly testkit: typeof testkit;
}

Object.assign(globalThis, { swsl, ort, testkit } satisfies PageGlobals);
