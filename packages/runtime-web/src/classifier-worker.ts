/// <reference lib="webworker" />
/**
 * The classifier worker (a module worker): the model store, onnxruntime-web's session creation and every inference
 * run here, so the page's main thread never blocks on them (session creation takes seconds; a WASM inference of a
 * resnet50 hundreds of milliseconds). Started by `createWorkerClassifier`; bundlers pick it up from its
 * `new Worker(new URL('./classifier-worker.js', import.meta.url), …)`.
 *
 * @packageDocumentation
 */
import type { ToClassifierWorker } from './classifier-protocol.js';
import { errorMessage, type FromClassifierWorker } from './classifier-protocol.js';
import { createClassifier, type WebClassifier } from './create-classifier.js';
import { warmUpWasmRuntime } from './warm-runtime.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: FromClassifierWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let classifier: WebClassifier | undefined;
/** The runtime's start-up, when the page asked for it early: a load waits for it rather than starting a second one. */
let warming: Promise<void> = Promise.resolve();
const loading = new AbortController();
/** One inference at a time: an onnxruntime session does not run two batches at once. */
let queue: Promise<unknown> = Promise.resolve();
const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
  const run = queue.then(job, job);
  queue = run.catch(() => {});
  return run;
};

scope.onmessage = async (event: MessageEvent<ToClassifierWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'warm':
      // A failure here is the load's to report, with its model named.
      warming = warmUpWasmRuntime(message.wasm).catch(() => {});
      return;
    case 'load':
      try {
        await warming;
        classifier = await createClassifier(message.source, {
          // Already off the main thread: a checkpoint converts here rather than in a nested worker.
          convertWorkerUrl: false,
          ...message.options,
          signal: loading.signal,
          onProgress: (progress) => reply({ type: 'progress', progress }),
          onWarning: (warning) => reply({ type: 'warning', warning }),
        });
        reply({ type: 'loaded', info: classifier.info });
      } catch (error) {
        reply(errorMessage(error));
      }
      return;
    case 'abort':
      // The store stops its download and keeps the partial file; the page then ends this worker.
      loading.abort();
      return;
    case 'classify':
    case 'embed': {
      const { id } = message;
      try {
        const loaded = classifier;
        if (!loaded) throw new Error('the classifier worker has no model loaded');
        if (message.type === 'classify') {
          const options = message.topK === undefined ? {} : { topK: message.topK };
          const predictions = await inTurn(() => loaded.classify(message.inputs, options));
          reply({ type: 'predictions', id, predictions });
        } else {
          const features = await inTurn(() => loaded.embed(message.inputs));
          reply(
            { type: 'features', id, features },
            features.map((f) => f.buffer as ArrayBuffer),
          );
        }
      } catch (error) {
        reply(errorMessage(error, id));
      } finally {
        for (const input of message.inputs) if (input instanceof ImageBitmap) input.close();
      }
      return;
    }
    case 'dispose':
      try {
        await inTurn(async () => classifier?.dispose());
        reply({ type: 'disposed', id: message.id });
      } catch (error) {
        reply(errorMessage(error, message.id));
      }
      return;
  }
};
