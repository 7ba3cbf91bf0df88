/**
 * How an image becomes the model's input tensor. Defaults are the seed's eval transform:
 * `Resize(256) → CenterCrop(224) → ToTensor() → Normalize(mean, std)` on a PIL RGB image (= timm's crop_pct 0.875).
 */
export type Interpolation = 'bilinear' | 'bicubic' | 'nearest';

export interface PreprocessSpec {
  /** The short side is resized to this; the long side to `int(resizeSize * long / short)`. */
  readonly resizeSize: number;
  readonly interpolation: Interpolation;
  /** Square center crop; images smaller than it are zero-padded. */
  readonly cropSize: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

export const IMAGENET_EVAL_PREPROCESSING: PreprocessSpec = {
  resizeSize: 256,
  interpolation: 'bilinear',
  cropSize: 224,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};
