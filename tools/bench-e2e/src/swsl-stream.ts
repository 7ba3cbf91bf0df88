// swsl through its library: `withPipeline(createClassifier(...)).stream(paths)`, what `swsl classify` runs, warm.
import { createClassifier, withPipeline } from '@swsl/runtime-node';
import type { Timed } from './timed.js';

/** One timed pass over `images` after the classifier is open and one batch has run (both excluded). */
export async function swslStream(
  onnx: string,
  images: readonly string[],
  options: { threads: number; batch: number; decodeWorkers: number },
): Promise<Timed> {
  const classifier = withPipeline(
    await createClassifier({ onnx }, { device: 'cpu', threads: options.threads, batchSize: options.batch }),
    { decodeWorkers: options.decodeWorkers },
  );
  try {
    for await (const _ of classifier.stream(images.slice(0, options.batch))) {
      // warm-up: the session's first run and the decode workers' start
    }
    const top1: number[] = [];
    const start = performance.now();
    for await (const r of classifier.stream(images)) {
      if ('error' in r) throw new Error(`${r.name}: ${r.error.message}`);
      top1.push(r.predictions[0]?.index ?? -1);
    }
    return { seconds: (performance.now() - start) / 1000, top1 };
  } finally {
    await classifier.dispose();
  }
}
