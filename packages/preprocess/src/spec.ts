import { IMAGENET_EVAL_PREPROCESSING, type PreprocessSpec } from '@swsl/registry';
import { InvalidSpecError } from './errors.js';

const INTERPOLATIONS = new Set(['bilinear', 'bicubic', 'nearest']);

/** The spec to use (the registry's eval transform unless given), checked so a typo fails before any decoding. */
export function resolveSpec(spec: PreprocessSpec = IMAGENET_EVAL_PREPROCESSING): PreprocessSpec {
  const positive = (n: number) => Number.isInteger(n) && n > 0;
  if (!positive(spec.resizeSize))
    throw new InvalidSpecError(`resizeSize must be a positive integer, got ${spec.resizeSize}`);
  if (!positive(spec.cropSize)) throw new InvalidSpecError(`cropSize must be a positive integer, got ${spec.cropSize}`);
  if (!INTERPOLATIONS.has(spec.interpolation)) {
    throw new InvalidSpecError(`interpolation must be bilinear, bicubic or nearest, got ${spec.interpolation}`);
  }
  if (spec.mean?.length !== 3 || spec.std?.length !== 3 || spec.std.some((s) => !(s !== 0 && Number.isFinite(s)))) {
    throw new InvalidSpecError('mean and std need 3 finite values each, std non-zero');
  }
  return spec;
}
