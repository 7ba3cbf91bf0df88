import { type ArchSpec, blockExpansion, bottleneckWidth, stagePlanes } from './arch.js';
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
