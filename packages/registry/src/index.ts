/**
 * @swsl/registry — the 12 variants (architectures, official weight URLs, Hugging Face repositories, published
 * accuracy), the ImageNet labels, the preprocessing and the dtypes.
 *
 * @packageDocumentation
 */
export {
  ARCHS,
  type ArchName,
  type ArchSpec,
  type BlockKind,
  blockExpansion,
  bottleneckWidth,
  featureDim,
  stagePlanes,
} from './arch.js';
export { CALIBRATION_FOLDER, CALIBRATION_IMAGES } from './calibration-set.js';
export { type Origin, RANGE_METHODS, type RangeMethod, SOURCE_CHOICES, type SourceChoice } from './choices.js';
export { CITATION_BIBTEX, WEIGHTS_LICENSE_LINE } from './citation.js';
export { DTYPES, type Dtype, isDtype, W8_TWO_TERM_SHARE } from './dtypes.js';
export { isSwslError, SwslError } from './errors.js';
export { hubModelInfoUrl, hubResolveUrl } from './hub.js';
export { type Label, labelByIndex, labelByName, labelByWnid, labels } from './labels.js';
export { importOptional, MissingDependencyError } from './optional-dependency.js';
export { countParameters } from './param-count.js';
export { IMAGENET_EVAL_PREPROCESSING, type Interpolation, type PreprocessSpec } from './preprocessing.js';
export {
  closestVariantNames,
  findVariant,
  resolveVariant,
  UnknownVariantError,
  variantNames,
} from './resolve.js';
export { roundHalfEven } from './rounding.js';
export {
  DEFAULT_VARIANT_NAME,
  FAMILIES,
  type Family,
  type FamilyInfo,
  HF_ENDPOINT_DEFAULT,
  type HubFile,
  type PublishedStats,
  VARIANTS,
  type Variant,
  WEIGHTS_BASE_URL,
  WEIGHTS_LICENSE,
} from './variants.js';
export { approximateOnnxBytes, approximateWeightBytes } from './weight-bytes.js';
