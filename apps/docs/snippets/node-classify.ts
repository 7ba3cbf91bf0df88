// Shown on the getting-started page (the region below) and run by src/snippets/node-snippet.test.ts
// against a tiny committed model.
// #region usage
import { createClassifier, type ModelSource } from '@swsl/runtime-node';

/** Prints and returns the top-5 ImageNet classes of one image file. */
export async function classifyFile(image: string, model: ModelSource = 'resnet50_swsl') {
  // A variant name downloads the official .pth once, checks its sha256,
  // converts it to ONNX and caches it (~/.cache/swsl). Local files work too:
  // { onnx: 'model.onnx' } or { checkpoint: 'weights.pth' }.
  const classifier = await createClassifier(model, { device: 'cpu' });
  try {
    const [top5 = []] = await classifier.classify(image, { topK: 5 });
    for (const p of top5) {
      console.log(`${p.name.padEnd(24)} ${(100 * p.probability).toFixed(1)}%`);
    }
    return top5;
  } finally {
    await classifier.dispose();
  }
}

// await classifyFile('cat.jpg');
// #endregion usage
