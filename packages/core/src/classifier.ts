import type { ArchSpec, Label, PreprocessSpec } from '@swsl/registry';
import type { Dtype } from './capabilities.js';

/** One ranked class of one image. */
export interface Prediction {
  /** Position in the model's output (ImageNet-1k class index). */
  readonly index: number;
  readonly wnid: string;
  readonly name: string;
  /** softmax(logits)[index] */
  readonly probability: number;
  readonly logit: number;
}

export interface ClassifyOptions {
  /** How many classes per image, best first (default 5). */
  readonly topK?: number;
}

export type Device = 'cpu' | 'cuda' | 'webgpu' | 'wasm';

export interface ClassifierInfo {
  /** Registry variant (`resnet50_swsl`) when known. */
  readonly variant?: string;
  readonly arch: ArchSpec;
  readonly dtype: Dtype;
  /** Where inference actually runs (after any fallback). */
  readonly device: Device;
  readonly preprocessing: PreprocessSpec;
  readonly numClasses: number;
  /**
   * Class names the model carries (a fine-tuned checkpoint converted with `swsl convert --labels`), one per output;
   * absent: ImageNet-1k's when the model has 1000 outputs, else `class <i>`.
   */
  readonly labels?: readonly Label[];
  /** Images per `session.run`. */
  readonly batchSize: number;
}

/**
 * The one interface every runtime implements (onnxruntime's `InferenceSession` idea): the same calls and answers
 * in Node and in the browser; only the kinds of image input differ.
 */
export interface Classifier<TInput> {
  readonly info: ClassifierInfo;
  /** Top-k classes per image, in input order. A single input gives a one-element array. */
  classify(input: TInput | readonly TInput[], options?: ClassifyOptions): Promise<Prediction[][]>;
  /** The pooled feature vector (`features` output, 512 or 2048 floats) per image. */
  embed(input: TInput | readonly TInput[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
