import { InvalidModelError, readOnnxMetadata } from '@swsl/convert/metadata';
import { type ArchSpec, IMAGENET_EVAL_PREPROCESSING, type Label, type PreprocessSpec, SwslError } from '@swsl/registry';
import type { Dtype } from './capabilities.js';
import type { ClassifierInfo } from './classifier.js';

/** An ONNX file without the metadata `@swsl/convert` writes: nothing says how to preprocess for it or read it. */
export class NotASwslModelError extends SwslError {
  constructor(name: string) {
    super(
      'E_NOT_A_SWSL_MODEL',
      `${name}: this ONNX file has no swsl metadata (architecture, preprocessing), so swsl cannot tell how to feed it. ` +
        'Make it with `swsl convert <checkpoint>` (or `convertCheckpoint`), or load the checkpoint itself.',
    );
  }
}

/** The model-dependent part of `ClassifierInfo`. */
export type ModelDescription = Pick<
  ClassifierInfo,
  'variant' | 'arch' | 'dtype' | 'preprocessing' | 'numClasses' | 'labels'
>;

/**
 * What a converted model says about itself (architecture, dtype, preprocessing, classes, variant), read from its
 * metadata without decoding the graph; what it does not say comes from `fallback` or the ImageNet defaults.
 */
export function describeSwslModel(
  onnx: Uint8Array,
  name: string,
  fallback: { readonly variant?: string; readonly dtype: Dtype },
): ModelDescription {
  const meta = readOnnxMetadata(onnx, name);
  const arch: ArchSpec | undefined = meta.arch;
  if (!arch) throw new NotASwslModelError(name);
  const preprocessing: PreprocessSpec = meta.preprocessing ?? IMAGENET_EVAL_PREPROCESSING;
  const variant = meta.variant ?? fallback.variant;
  const numClasses = meta.numClasses ?? arch.numClasses;
  // The converter checks the count; a model edited since (or written by something else) is refused here, before a
  // prediction could be named after the wrong class.
  if (meta.labels && meta.labels.length !== numClasses) {
    throw new InvalidModelError(name, `swsl.labels names ${meta.labels.length} classes, the model has ${numClasses}`);
  }
  const labels: Label[] | undefined = meta.labels?.map((l, index) => ({
    index,
    wnid: l.wnid ?? '',
    name: l.name,
    lemmas: '',
  }));
  return {
    ...(variant ? { variant } : {}),
    arch,
    dtype: meta.dtype ?? fallback.dtype,
    preprocessing,
    numClasses,
    ...(labels ? { labels } : {}),
  };
}
