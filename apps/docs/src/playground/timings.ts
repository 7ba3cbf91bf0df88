/** The playground's timing split, in milliseconds. */
export interface Timings {
  /** Bytes → pixels, in the image worker (the browser's decoder or ours, Pillow's pixels). */
  readonly decode: number;
  /** Pixels → Pillow-exact resize and crop (@swsl/preprocess), in the image worker. */
  readonly preprocess: number;
  /** `classify()` minus one decode and one preprocess pass: the model run, softmax and top-k. */
  readonly inference: number;
  /** The whole `classify()` call in the classifier's worker, which decodes and preprocesses the image itself. */
  readonly classify: number;
}

/** Runs `work` and measures it with the high-resolution clock. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/**
 * `classify()` takes the image's bytes and decodes and preprocesses them itself, so the model's own time is the call
 * minus the decode and preprocess passes measured just before on the same image (never below zero).
 */
export function splitTimings(decode: number, preprocess: number, classify: number): Timings {
  return { decode, preprocess, classify, inference: Math.max(0, classify - decode - preprocess) };
}
