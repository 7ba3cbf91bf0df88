import { labels as imagenetLabels, type Label } from '@swsl/registry';
import { type InferenceSession, Tensor } from 'onnxruntime-common';
import type { Classifier, ClassifierInfo, ClassifyOptions, Prediction } from './classifier.js';
import { InferenceError } from './inference-error.js';
import { softmax, topKIndices } from './ranking.js';

/** A preprocessed batch: float32 NCHW data with its dims (`@swsl/preprocess`'s `PreprocessedBatch` fits). */
export interface ModelInput {
  readonly data: Float32Array;
  readonly dims: readonly [number, 3, number, number];
}

export interface PipelineParts<TInput> {
  /** An onnxruntime session (node or web) of a model with input `input` and outputs `logits`, `features`. */
  readonly session: InferenceSession;
  /** The platform's image → tensor step, for up to `info.batchSize` inputs at a time. */
  readonly preprocess: (inputs: readonly TInput[]) => Promise<ModelInput>;
  readonly info: ClassifierInfo;
  /** Class names; default `info.labels` (the model's own), else ImageNet-1k when it has 1000 classes, else `class <i>`. */
  readonly labels?: readonly Label[];
  /** Names the model in errors (its file or cache location); default the variant, else `<model>`. */
  readonly modelName?: string;
}

/** One float32 output of `rows` rows, or an `InferenceError` (a corrupt model can rename, retype or reshape it). */
function output(result: InferenceSession.ReturnType, key: string, rows: number, model: string): Float32Array {
  const data = result[key]?.data;
  if (!(data instanceof Float32Array) || data.length === 0 || data.length % rows !== 0) {
    throw new InferenceError(model, `output "${key}" is missing or not float32 rows`);
  }
  return data;
}

const DEFAULT_TOP_K = 5;

function labelFor(labels: readonly Label[] | undefined, index: number): Pick<Prediction, 'wnid' | 'name'> {
  const label = labels?.[index];
  return label ? { wnid: label.wnid, name: label.name } : { wnid: '', name: `class ${index}` };
}

/** One image's model outputs: the logits and the pooled feature vector. */
export interface ImageOutputs {
  readonly logits: Float32Array;
  readonly features: Float32Array;
}

/**
 * The pipeline's classifier, plus its two halves for callers that preprocess elsewhere (a worker pool): run an
 * already-preprocessed batch, and rank one image's logits.
 */
export interface PipelineClassifier<TInput> extends Classifier<TInput> {
  /** A batch made by the platform's preprocessing (any number of rows) → outputs per row, in row order. */
  runPreprocessed(batch: ModelInput): Promise<ImageOutputs[]>;
  /** One image's logits → its top-k classes with this model's labels (softmax probabilities). */
  rank(logits: Float32Array, topK?: number): Prediction[];
}

/**
 * The pipeline, written once against onnxruntime-common: inputs → batches of `info.batchSize` → preprocess →
 * `session.run` → softmax → top-k → labels. Runtimes only supply the session and the preprocessing step.
 */
export function createPipelineClassifier<TInput>(parts: PipelineParts<TInput>): PipelineClassifier<TInput> {
  const { session, info } = parts;
  const labels =
    parts.labels ?? info.labels ?? (info.numClasses === imagenetLabels.length ? imagenetLabels : undefined);
  const model = parts.modelName ?? info.variant ?? '<model>';

  async function runPreprocessed({ data, dims }: ModelInput): Promise<ImageOutputs[]> {
    const rows = dims[0];
    let result: InferenceSession.ReturnType;
    try {
      result = await session.run({ input: new Tensor('float32', data, [...dims]) });
    } catch (error) {
      // onnxruntime's plain Error (found by tools/fuzz: a model whose input type was altered), typed and named.
      throw new InferenceError(model, (error as Error).message?.split('\n')[0] ?? String(error), { cause: error });
    }
    const logits = output(result, 'logits', rows, model);
    if (logits.length !== rows * info.numClasses) {
      throw new InferenceError(model, `${logits.length / rows} logits per image, its metadata says ${info.numClasses}`);
    }
    const features = output(result, 'features', rows, model);
    const classes = logits.length / rows;
    const width = features.length / rows;
    const out: ImageOutputs[] = [];
    for (let i = 0; i < rows; i++) {
      // Copies, so the results do not pin onnxruntime's output buffers.
      out.push({
        logits: logits.slice(i * classes, (i + 1) * classes),
        features: features.slice(i * width, (i + 1) * width),
      });
    }
    return out;
  }

  async function runBatches(inputs: readonly TInput[]) {
    const out: ImageOutputs[] = [];
    for (let start = 0; start < inputs.length; start += info.batchSize) {
      out.push(...(await runPreprocessed(await parts.preprocess(inputs.slice(start, start + info.batchSize)))));
    }
    return out;
  }

  function rank(logits: Float32Array, topK = DEFAULT_TOP_K): Prediction[] {
    const probabilities = softmax(logits);
    return topKIndices(logits, topK).map((index) => ({
      index,
      ...labelFor(labels, index),
      probability: probabilities[index] as number,
      logit: logits[index] as number,
    }));
  }

  const asList = (input: TInput | readonly TInput[]): readonly TInput[] =>
    Array.isArray(input) ? (input as readonly TInput[]) : [input as TInput];

  return {
    info,
    async classify(input, options: ClassifyOptions = {}) {
      return (await runBatches(asList(input))).map(({ logits }) => rank(logits, options.topK));
    },
    async embed(input) {
      return (await runBatches(asList(input))).map((r) => r.features);
    },
    runPreprocessed,
    rank,
    dispose: () => session.release(),
  };
}
