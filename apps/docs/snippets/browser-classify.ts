// Shown on the getting-started page and run in Chromium by the browser tests (the page's "Run" button calls it).
// #region usage
import { createClassifier } from '@swsl/runtime-web';

/** Top-5 ImageNet classes of an <img>, a File or a Blob, on WebGPU when the browser has it, else WASM. */
export async function classifyInBrowser(image: HTMLImageElement | Blob, modelUrl: string, wasmPaths = '/ort/') {
  // `modelUrl` is an .onnx made by `swsl convert` (or a variant name plus `modelBaseUrl`); the bytes are cached
  // in Cache Storage and checked with SubtleCrypto. onnxruntime-web's .wasm/.mjs files are served from
  // `wasmPaths` on your own site (no CDN).
  const classifier = await createClassifier({ url: modelUrl }, { device: 'auto', wasmPaths });
  try {
    const [top5 = []] = await classifier.classify(image, { topK: 5 });
    return { device: classifier.info.device, top5 };
  } finally {
    await classifier.dispose();
  }
}
// #endregion
