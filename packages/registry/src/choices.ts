/**
 * Lists of choices that options in every package and the CLI take, kept here (the registry sits below all of them,
 * and loads in milliseconds) so that `swsl --help` can declare its options without loading the packages that use them.
 */

/** Where a checkpoint comes from: Facebook's file host (the official `.pth`) or the Hugging Face hub (timm's mirror). */
export type Origin = 'fb' | 'hf';

/** Which origins the store may use: `auto` tries Facebook's URL first, then the hub. */
export type SourceChoice = 'auto' | Origin;

export const SOURCE_CHOICES: readonly SourceChoice[] = ['auto', 'fb', 'hf'];

/**
 * How an int8 activation's range is chosen from what calibration saw:
 * - `minmax`: everything seen (one outlier can stretch the grid for all values);
 * - `percentile`: clip the rarest 0.001% at each end (the default: see the README's quantization section for the
 *   measurements behind it);
 * - `entropy`: TensorRT's KL-divergence threshold, for ranges that start at 0.
 */
export type RangeMethod = 'minmax' | 'percentile' | 'entropy';
export const RANGE_METHODS: readonly RangeMethod[] = ['minmax', 'percentile', 'entropy'];
