/// <reference lib="dom" />
import { absoluteUrl } from './absolute-url.js';
import type { ToClassifierWorker } from './classifier-protocol.js';
import type { WasmSettings } from './wasm-env.js';

export interface WarmUpOptions extends WasmSettings {
  /** As `createWorkerClassifier`'s: the classifier worker's URL when a bundler does not emit it next to this module. */
  readonly workerUrl?: string | URL;
}

interface WarmWorker {
  readonly key: string;
  readonly worker: Worker;
  failed: boolean;
}

let waiting: WarmWorker | undefined;

/** Workers are interchangeable when they load the same script and start the runtime with the same settings. */
function keyOf(options: WarmUpOptions): string {
  const paths = options.wasmPaths;
  return JSON.stringify([
    options.workerUrl === undefined ? null : String(options.workerUrl),
    typeof paths === 'string' ? absoluteUrl(paths) : paths ? [absoluteUrl(paths.wasm), absoluteUrl(paths.mjs)] : null,
    options.numThreads ?? null,
  ]);
}

/**
 * Starts a classifier worker and onnxruntime-web's WebAssembly runtime in it now, so that the next
 * `createWorkerClassifier` with the same `workerUrl`, `wasmPaths` and `numThreads` takes this worker and skips the
 * runtime's start-up (≈ 1.4 s on a 2-core machine). Worth it where a model is about to be loaded from the cache (a
 * reopened page); it fetches the runtime's 28 MB WebAssembly (from the HTTP cache after the first visit). One worker
 * waits at most: a second call with other settings replaces it.
 */
export function warmUpClassifierWorker(options: WarmUpOptions = {}): void {
  const key = keyOf(options);
  if (waiting?.key === key && !waiting.failed) return;
  waiting?.worker.terminate();
  // The same two spellings as createWorkerClassifier's, which bundlers recognise.
  const worker = options.workerUrl
    ? new Worker(options.workerUrl, { type: 'module', name: 'swsl-classifier' })
    : new Worker(new URL('./classifier-worker.js', import.meta.url), { type: 'module', name: 'swsl-classifier' });
  const warm: WarmWorker = { key, worker, failed: false };
  // A worker that cannot start is not handed out: the classifier then starts its own and reports why.
  worker.onerror = () => {
    warm.failed = true;
  };
  const { workerUrl: _url, ...wasm } = options;
  const settings: WasmSettings = {
    ...wasm,
    ...(typeof wasm.wasmPaths === 'string' ? { wasmPaths: absoluteUrl(wasm.wasmPaths) } : {}),
    ...(typeof wasm.wasmPaths === 'object'
      ? { wasmPaths: { wasm: absoluteUrl(wasm.wasmPaths.wasm), mjs: absoluteUrl(wasm.wasmPaths.mjs) } }
      : {}),
  };
  worker.postMessage({ type: 'warm', wasm: settings } satisfies ToClassifierWorker);
  waiting = warm;
}

/** The warmed worker for these options, handed over once (its error handler reset for the new owner). */
export function takeWarmWorker(options: WarmUpOptions): Worker | undefined {
  const warm = waiting;
  if (!warm || warm.key !== keyOf(options)) return undefined;
  waiting = undefined;
  if (warm.failed) {
    warm.worker.terminate();
    return undefined;
  }
  warm.worker.onerror = null;
  return warm.worker;
}
