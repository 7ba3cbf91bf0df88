/// <reference lib="dom" />
import type { ClassifyOptions, Prediction } from '@swsl/core';
import type { BrowserImageInput } from '@swsl/preprocess/browser';
import { absoluteUrl } from './absolute-url.js';
import type {
  FromClassifierWorker,
  ToClassifierWorker,
  WorkerImageInput,
  WorkerLoadOptions,
} from './classifier-protocol.js';
import { WorkerStartError } from './convert-in-worker.js';
import type { WebClassifier, WebClassifierInfo, WebClassifierOptions } from './create-classifier.js';
import { AbortedError, WorkerError } from './errors.js';
import type { WebModelSource } from './model-source.js';
import type { WebWarning } from './progress.js';
import { askPersistence } from './storage-quota.js';
import { takeWarmWorker } from './warm-worker.js';

export interface WorkerClassifierOptions extends WebClassifierOptions {
  /** URL of `classifier-worker.js` when a bundler does not emit it next to this module. */
  readonly workerUrl?: string | URL;
}

/** Relative URLs in the source and options, made absolute against this page (the worker resolves against itself). */
function forWorker(
  source: WebModelSource,
  options: WorkerClassifierOptions,
): { source: WebModelSource; options: WorkerLoadOptions } {
  const {
    onProgress: _p,
    onWarning: _w,
    signal: _s,
    quota: _q,
    workerUrl: _u,
    wasmPaths,
    modelBaseUrl,
    hfEndpoint,
    convertWorkerUrl,
    ...rest
  } = options;
  const paths =
    typeof wasmPaths === 'string'
      ? absoluteUrl(wasmPaths.endsWith('/') ? wasmPaths : `${wasmPaths}/`)
      : wasmPaths && { wasm: absoluteUrl(wasmPaths.wasm), mjs: absoluteUrl(wasmPaths.mjs) };
  return {
    source: typeof source === 'object' && 'url' in source ? { ...source, url: absoluteUrl(source.url) } : source,
    options: {
      ...rest,
      ...(paths ? { wasmPaths: paths } : {}),
      ...(modelBaseUrl ? { modelBaseUrl: absoluteUrl(modelBaseUrl) } : {}),
      ...(hfEndpoint ? { hfEndpoint: absoluteUrl(hfEndpoint) } : {}),
      ...(convertWorkerUrl === undefined
        ? {}
        : { convertWorkerUrl: convertWorkerUrl === false ? false : absoluteUrl(String(convertWorkerUrl)) }),
    },
  };
}

function isDrawable(input: BrowserImageInput): input is HTMLImageElement | HTMLCanvasElement | OffscreenCanvas {
  return (
    (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) ||
    (typeof HTMLCanvasElement !== 'undefined' && input instanceof HTMLCanvasElement) ||
    (typeof OffscreenCanvas !== 'undefined' && input instanceof OffscreenCanvas)
  );
}

/**
 * An image as it crosses to the worker: bytes, ImageData, ImageBitmap and raw pixels are cloned (the caller keeps
 * its own); `<img>` and canvases exist only here, so they become an ImageBitmap, transferred (what the worker draws
 * is what the main-thread classifier would have drawn).
 */
async function toWorkerInput(input: BrowserImageInput): Promise<{ value: WorkerImageInput; transfer?: ImageBitmap }> {
  if (!isDrawable(input)) return { value: input as WorkerImageInput };
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement && !input.complete) {
    await input.decode();
  }
  const bitmap = await createImageBitmap(input);
  return { value: bitmap, transfer: bitmap };
}

function sourceLabel(source: WebModelSource): string {
  if (typeof source === 'string') return source;
  if ('url' in source) return source.url;
  return source.name ?? ('onnx' in source ? '<onnx bytes>' : '<checkpoint bytes>');
}

/**
 * `createClassifier` in a module Worker: the model store (download, verification, conversion, cache), onnxruntime-web's
 * session creation and every inference run off the calling thread, which only posts images and receives answers.
 * Same `WebClassifier` interface and answers. `signal` cancels loading: the worker is told to stop (its partial
 * download stays for a resume) and is ended; the promise rejects with `E_ABORTED`. `dispose()` ends the worker.
 */
export function createWorkerClassifier(
  source: WebModelSource,
  options: WorkerClassifierOptions = {},
): Promise<WebClassifier> {
  const { signal } = options;
  const label = sourceLabel(source);
  if (signal?.aborted) return Promise.reject(new AbortedError(label));
  const onWarning = options.onWarning ?? ((w: WebWarning) => console.warn(`[swsl] ${w.code}: ${w.message}`));
  // navigator.storage.persist() exists on pages only (not in workers): asked here, once, without waiting for it.
  void askPersistence(options.quota?.persist);
  // Written out in full, not through a variable: bundlers (Vite, webpack, Parcel) recognise exactly this form and
  // emit the worker script with its own dependencies.
  const worker =
    takeWarmWorker(options) ??
    (options.workerUrl
      ? new Worker(options.workerUrl, { type: 'module', name: 'swsl-classifier' })
      : new Worker(new URL('./classifier-worker.js', import.meta.url), { type: 'module', name: 'swsl-classifier' }));
  const workerUrl = options.workerUrl
    ? String(options.workerUrl)
    : new URL('./classifier-worker.js', import.meta.url).href;

  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ended = false;
  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  function request<T>(message: ToClassifierWorker, transfer: Transferable[] = []): Promise<T> {
    if (ended) return Promise.reject(new WorkerError('E_DISPOSED', 'Error', `${label}: the classifier was disposed`));
    const { id } = message as { id: number };
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      try {
        worker.postMessage(message, transfer);
      } catch (error) {
        // Something that cannot be cloned (a <video>, a detached buffer): this call fails, the worker lives on.
        pending.delete(id);
        reject(error);
      }
    });
  }

  async function send(
    type: 'classify' | 'embed',
    input: BrowserImageInput | readonly BrowserImageInput[],
    topK?: number,
  ) {
    const list = Array.isArray(input) ? (input as readonly BrowserImageInput[]) : [input as BrowserImageInput];
    const converted = await Promise.all(list.map(toWorkerInput));
    const inputs = converted.map((c) => c.value);
    const transfer = converted.flatMap((c) => (c.transfer ? [c.transfer] : []));
    const id = nextId++;
    const message: ToClassifierWorker =
      type === 'classify' ? { type, id, inputs, ...(topK === undefined ? {} : { topK }) } : { type, id, inputs };
    return request(message, transfer);
  }

  return new Promise<WebClassifier>((resolveLoad, rejectLoad) => {
    let loaded = false;
    const onAbort = () => {
      if (loaded) return;
      rejectLoad(new AbortedError(label, { cause: signal?.reason }));
      // Let the store stop its download cleanly (it keeps the part for a resume), then end the worker regardless.
      worker.postMessage({ type: 'abort' } satisfies ToClassifierWorker);
      setTimeout(() => end(new AbortedError(label)), 2000);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onerror = (event) => {
      event.preventDefault();
      const error = loaded
        ? new WorkerError('E_WORKER', 'WorkerError', `${label}: the classifier worker failed: ${event.message}`)
        : new WorkerStartError(workerUrl, event.message || 'the script failed to load', {
            worker: 'classifier-worker.js',
            option: 'workerUrl',
            alternative: 'or use createClassifier on this thread',
          });
      if (!loaded) rejectLoad(error);
      end(error);
    };

    worker.onmessage = (event: MessageEvent<FromClassifierWorker>) => {
      const message = event.data;
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.progress);
          return;
        case 'warning':
          onWarning(message.warning);
          return;
        case 'loaded': {
          loaded = true;
          signal?.removeEventListener('abort', onAbort);
          const info: WebClassifierInfo = message.info;
          resolveLoad({
            info,
            classify: (input, classifyOptions: ClassifyOptions = {}) =>
              send('classify', input, classifyOptions.topK) as Promise<Prediction[][]>,
            embed: (input) => send('embed', input) as Promise<Float32Array[]>,
            async dispose() {
              if (ended) return;
              await request({ type: 'dispose', id: nextId++ }).catch(() => {});
              end(new WorkerError('E_DISPOSED', 'Error', `${label}: the classifier was disposed`));
            },
          });
          return;
        }
        case 'error': {
          const error = new WorkerError(message.code, message.name, message.message);
          if (message.id === undefined) {
            signal?.removeEventListener('abort', onAbort);
            rejectLoad(signal?.aborted ? new AbortedError(label) : error);
            end(error);
            return;
          }
          pending.get(message.id)?.reject(error);
          pending.delete(message.id);
          return;
        }
        default: {
          const value =
            message.type === 'predictions'
              ? message.predictions
              : message.type === 'features'
                ? message.features
                : undefined;
          pending.get(message.id)?.resolve(value as never);
          pending.delete(message.id);
        }
      }
    };

    const prepared = forWorker(source, options);
    worker.postMessage({ type: 'load', ...prepared } satisfies ToClassifierWorker);
  });
}
