// Shown on the getting-started page (the region below) and run in Chromium by the browser tests:
// the page's "Run" button calls it.
// #region usage
import { createWorkerClassifier } from '@swsl/runtime-web';

/** Top-5 ImageNet classes of an image (File, Blob), WebGPU or WASM, in a Worker: the page never freezes. */
export async function classifyInBrowser(
  image: Blob,
  model = 'resnet18_swsl', // a variant (official weights from the Hugging Face hub), or an .onnx URL
  options: { wasmPaths?: string; hfEndpoint?: string } = {},
) {
  // A variant is downloaded once (sha256-checked), converted to ONNX and kept in this browser's storage.
  const source = model.endsWith('.onnx') ? { url: model } : model;
  const classifier = await createWorkerClassifier(source, {
    device: 'auto',
    wasmPaths: options.wasmPaths ?? '/ort/', // onnxruntime-web's .wasm/.mjs, served by your site
    ...(options.hfEndpoint ? { hfEndpoint: options.hfEndpoint } : {}), // a mirror; default huggingface.co
  });
  try {
    const [top5 = []] = await classifier.classify(image, { topK: 5 });
    return { device: classifier.info.device, top5 };
  } finally {
    await classifier.dispose();
  }
}
// #endregion usage
