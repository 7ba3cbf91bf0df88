import type * as OrtModule from 'onnxruntime-web';

export type Ort = typeof OrtModule;

let loading: Promise<Ort> | undefined;

/**
 * onnxruntime-web (≈ 410 KB minified), imported on the first `createClassifier` of this page or worker rather than
 * with the main chunk: a page that classifies through `createWorkerClassifier`, or only lists the cache, never loads
 * it on its own thread. One module instance per realm, as a static import would give (`env` set by the app applies).
 */
export function loadOrt(): Promise<Ort> {
  loading ??= import('onnxruntime-web');
  return loading;
}
