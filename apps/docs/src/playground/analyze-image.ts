import type { Prediction } from '@swsl/core';
import type { PreprocessSpec } from '@swsl/registry';
import type { WebClassifier } from '@swsl/runtime-web';
import { splitTimings, type Timings, timed } from './timings.js';

/** One image through the playground: the crop the model sees, the top-5 (with a model) and where the time went. */
export interface ImageAnalysis {
  /** The 224×224×3 RGB bytes after Resize(256) + CenterCrop(224): exactly what gets normalised. */
  readonly crop: Uint8Array;
  readonly cropSize: number;
  readonly top5?: Prediction[];
  readonly timings: Partial<Timings> & Pick<Timings, 'decode' | 'preprocess'>;
}

/**
 * Decodes once, preprocesses once for the crop and its timing, then (with a classifier) classifies the decoded
 * pixels, so decoding is not counted twice. Loaded lazily: nothing here runs during the site's server render.
 */
export async function analyzeImage(
  image: Blob,
  classifier: WebClassifier | undefined,
  spec?: PreprocessSpec,
): Promise<ImageAnalysis> {
  const { decodeImage, preprocess } = await import('@swsl/preprocess/browser');
  const decoded = await timed(() => decodeImage(image, { name: image instanceof File ? image.name : 'image' }));
  const specUsed = classifier?.info.preprocessing ?? spec;
  const prepared = await timed(() => preprocess(decoded.value, specUsed ? { spec: specUsed } : {}));
  const crop = prepared.value.crops[0]!;
  const cropSize = prepared.value.dims[2];
  if (!classifier) return { crop, cropSize, timings: { decode: decoded.ms, preprocess: prepared.ms } };
  const classified = await timed(() => classifier.classify(decoded.value, { topK: 5 }));
  return {
    crop,
    cropSize,
    top5: classified.value[0] ?? [],
    timings: splitTimings(decoded.ms, prepared.ms, classified.ms),
  };
}
