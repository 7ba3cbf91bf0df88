/// <reference lib="dom" />
import { SwslError } from '@swsl/registry';
import type { ConvertJob, ConvertStage } from './convert-job.js';
import { WorkerError } from './errors.js';
import type { WorkerReply } from './worker-protocol.js';

/** A worker's script could not be loaded (wrong URL option, or a bundler that dropped the worker file). */
export class WorkerStartError extends SwslError {
  constructor(
    url: string,
    detail: string,
    which: { worker: string; option: string; alternative: string } = {
      worker: 'convert-worker.js',
      option: 'convertWorkerUrl',
      alternative: 'or pass convertWorkerUrl: false to convert on this thread',
    },
  ) {
    super(
      'E_WORKER',
      `Could not start the ${which.worker === 'convert-worker.js' ? 'conversion' : 'classifier'} worker from ${url} ` +
        `(${detail}). Serve @swsl/runtime-web's ${which.worker} and pass its URL as ${which.option}, ` +
        `${which.alternative}.`,
    );
  }
}

/**
 * Converts a checkpoint in a module Web Worker, so a page stays responsive during the seconds a large checkpoint
 * takes. The worker is ended after one job: its memory (the checkpoint's tensors) goes with it. With `workerUrl:
 * false` the conversion runs on the calling thread (already inside a worker, or no Worker support).
 */
export function convertInWorker(
  job: ConvertJob,
  workerUrl: string | URL | false | undefined,
  onProgress?: (done: number, total: number, stage: ConvertStage) => void,
): Promise<Uint8Array> {
  if (workerUrl === false || typeof Worker === 'undefined') {
    // Loaded here, on first use, not with this module: the converter (zip reader, inflate, protobuf) then stays out of
    // the page's main bundle chunk and is fetched only by a page that converts on its own thread.
    return import('./convert-job.js').then(({ runConvertJob }) => runConvertJob(job, onProgress));
  }
  // Written out in full, not through a variable: bundlers (Vite, webpack, Parcel) recognise exactly this form and
  // emit the worker script with its own dependencies.
  const worker = workerUrl
    ? new Worker(workerUrl, { type: 'module', name: 'swsl-convert' })
    : new Worker(new URL('./convert-worker.js', import.meta.url), { type: 'module', name: 'swsl-convert' });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress?.(message.done, message.total, message.stage);
      worker.terminate();
      if (message.type === 'done') resolve(new Uint8Array(message.onnx));
      else reject(new WorkerError(message.code, message.name, message.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      const url = workerUrl ? String(workerUrl) : new URL('./convert-worker.js', import.meta.url).href;
      reject(new WorkerStartError(url, event.message || 'the script failed to load'));
    };
    worker.postMessage(job);
  });
}
