// The two inputs of a pipeline's ceiling (see ceiling-formula.ts), measured on the benchmark's own files: p, the
// preprocessing cost per image on one thread, and r, the session's rate on ready tensors.
import { preprocess, preprocessBatch } from '@swsl/preprocess/node';
import { createClassifier } from '@swsl/runtime-node';

export interface PreprocessCost {
  /** Wall seconds per image, one image at a time in this thread. */
  readonly seconds: number;
  /** This process's CPU seconds per image over the same loop (more than `seconds` when libvips uses helpers). */
  readonly cpuSeconds: number;
}

/** p: @swsl/preprocess/node's `preprocess` (read, decode, resize, crop, normalize) on each file, one after another. */
export async function preprocessCost(images: readonly string[]): Promise<PreprocessCost> {
  for (const file of images.slice(0, 4)) await preprocess(file); // warm-up: sharp's first use
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const file of images) await preprocess(file);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds: seconds / images.length, cpuSeconds: (used.user + used.system) / 1e6 / images.length };
}

/**
 * r: images/s of the session alone — `runPreprocessed` (session.run and the output copies) on one ready batch of
 * the first images, run images/batch times — opened exactly as the stream path opens it (same threads, no spinning).
 */
export async function inferenceRate(
  onnx: string,
  images: readonly string[],
  options: { threads: number; batch: number },
): Promise<number> {
  const classifier = await createClassifier(
    { onnx },
    { device: 'cpu', threads: options.threads, batchSize: options.batch },
  );
  try {
    const batch = await preprocessBatch(images.slice(0, options.batch));
    await classifier.runPreprocessed(batch); // warm-up
    const runs = Math.max(1, Math.round(images.length / options.batch));
    const start = performance.now();
    for (let i = 0; i < runs; i++) await classifier.runPreprocessed(batch);
    return (runs * options.batch) / ((performance.now() - start) / 1000);
  } finally {
    await classifier.dispose();
  }
}
