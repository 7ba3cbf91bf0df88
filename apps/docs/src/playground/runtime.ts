/**
 * The parts of runtime-web the page itself calls, imported by name so the bundler leaves onnxruntime-web out of
 * the page's chunk: a dynamic `import('@swsl/runtime-web')` made Vite bundle the whole entry (≈ 465 KB with
 * onnxruntime-web) onto the main thread, where only the classifier's worker needs it.
 */
export {
  clearModelCache,
  createWorkerClassifier,
  listCachedModels,
  removeCachedModel,
  warmUpClassifierWorker,
} from '@swsl/runtime-web';
