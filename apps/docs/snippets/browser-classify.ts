// Shown on the getting-started page (the region below) and run in Chromium by the browser tests:
// the page's "Run" button calls it.
// #region usage
import { createClassifier } from '@swsl/runtime-web';

/** Top-5 ImageNet classes of an image (File, Blob, <img>…), WebGPU or WASM. */
export async function classifyInBrowser(
  image: Blob | HTMLImageElement,
  modelUrl: string, // an .onnx made by `swsl convert`
  wasmPaths = '/ort/', // onnxruntime-web's .wasm/.mjs, served by your site
) {
  // The model bytes are cached in Cache Storage, checked with SubtleCrypto.
  const classifier = await createClassifier({ url: modelUrl }, { device: 'auto', wasmPaths });
  try {
    const [top5 = []] = await classifier.classify(image, { topK: 5 });
    return { device: classifier.info.device, top5 };
  } finally {
    await classifier.dispose();
  }
}
// #endregion usage
