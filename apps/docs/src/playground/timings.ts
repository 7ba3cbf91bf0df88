/** The playground's timing split, in milliseconds. */
export interface Timings {
  /** Bytes → RGBA pixels (the browser's decoder, createImageBitmap). */
  readonly decode: number;
  /** Pixels → Pillow-exact resize, crop and normalisation (@swsl/preprocess). */
  readonly preprocess: number;
  /** `classify()` on the decoded pixels minus one preprocess pass: the model run, softmax and top-k. */
  readonly inference: number;
  /** The whole `classify()` call, which preprocesses the pixels itself. */
  readonly classify: number;
}

/** Runs `work` and measures it with the high-resolution clock. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/**
 * `classify()` takes an image and preprocesses it itself, so the model's own time is the call minus the preprocess
 * pass measured just before on the same pixels (never below zero).
 */
export function splitTimings(decode: number, preprocess: number, classify: number): Timings {
  return { decode, preprocess, classify, inference: Math.max(0, classify - preprocess) };
}
