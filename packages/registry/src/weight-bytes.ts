import { type ArchSpec, blockExpansion, bottleneckWidth, stagePlanes } from './arch.js';
import { type Dtype, W8_TWO_TERM_SHARE } from './dtypes.js';
import { countParameters } from './param-count.js';

/** BatchNorm channels of torchvision's ResNet: each has a running mean and variance besides its two parameters. */
function batchNormChannels(spec: ArchSpec): number {
  let channels = spec.baseWidth;
  let inC = spec.baseWidth;
  spec.layers.forEach((blocks, stage) => {
    const planes = stagePlanes(spec, stage);
    const outC = planes * blockExpansion(spec.block);
    for (let i = 0; i < blocks; i++) {
      channels += spec.block === 'basic' ? 2 * planes : 2 * bottleneckWidth(spec, stage) + outC;
      if (i === 0 && (stage > 0 || inC !== outC)) channels += outC;
      inC = outC;
    }
  });
  return channels;
}

/**
 * The size in bytes of a variant's fp32 weights (parameters and BatchNorm running statistics, 4 bytes each): what a
 * download of the checkpoint costs, give or take its header, and about what its fp32 ONNX weighs. Shown before
 * anything downloads, so it is computed from the architecture rather than asked of a server.
 */
export function approximateWeightBytes(spec: ArchSpec): number {
  return 4 * (countParameters(spec) + 2 * batchNormChannels(spec));
}

/**
 * About what a variant's ONNX file weighs in each dtype, from the architecture alone (for `swsl models` and the
 * playground, before anything is converted). BatchNorm is folded: each conv keeps its weights and one bias per
 * channel. 8-bit files add a float scale and a zero point per channel; int8 stores its biases as int32 with a scale
 * and zero point each; w8 keeps the stem conv in float.
 */
export function approximateOnnxBytes(spec: ArchSpec, dtype: Dtype): number {
  const channels = batchNormChannels(spec);
  const classes = spec.numClasses;
  const weights = countParameters(spec) - 2 * channels - classes; // conv weights and the fc weight
  const biases = channels + classes;
  if (dtype === 'fp32') return 4 * (weights + biases);
  if (dtype === 'fp16') return 2 * (weights + biases);
  const perChannel = channels + classes;
  const stem = 3 * 49 * spec.baseWidth;
  if (dtype === 'w8') {
    // Up to W8_TWO_TERM_SHARE of the weights get a second int8 term: counted in full, so this is an upper bound by at
    // most that.
    return Math.round((1 + W8_TWO_TERM_SHARE) * weights) + 3 * stem + 5 * (perChannel - spec.baseWidth) + 4 * biases;
  }
  return weights + 5 * perChannel + 12 * channels + 4 * classes;
}
