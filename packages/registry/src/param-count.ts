import { type ArchSpec, blockExpansion, bottleneckWidth, stagePlanes } from './arch.js';

// Counted the way `sum(p.numel() for p in model.parameters())` counts: conv weights (no conv bias in torchvision's
// ResNet), BatchNorm weight + bias (running stats are buffers, not parameters), fc weight + bias.

function conv(inC: number, outC: number, k: number, groups = 1): number {
  return (inC / groups) * outC * k * k;
}

function bn(channels: number): number {
  return 2 * channels;
}

function blockParams(spec: ArchSpec, stage: number, inC: number, withDownsample: boolean): number {
  const planes = stagePlanes(spec, stage);
  const outC = planes * blockExpansion(spec.block);
  const downsample = withDownsample ? conv(inC, outC, 1) + bn(outC) : 0;
  if (spec.block === 'basic') {
    return conv(inC, planes, 3) + bn(planes) + conv(planes, planes, 3) + bn(planes) + downsample;
  }
  const width = bottleneckWidth(spec, stage);
  return (
    conv(inC, width, 1) +
    bn(width) +
    conv(width, width, 3, spec.groups) +
    bn(width) +
    conv(width, outC, 1) +
    bn(outC) +
    downsample
  );
}

/** Number of trainable parameters of torchvision's ResNet built from `spec`. */
export function countParameters(spec: ArchSpec): number {
  let total = conv(3, spec.baseWidth, 7) + bn(spec.baseWidth);
  let inC = spec.baseWidth;
  spec.layers.forEach((blocks, stage) => {
    const outC = stagePlanes(spec, stage) * blockExpansion(spec.block);
    for (let i = 0; i < blocks; i++) {
      // torchvision adds a downsample to the first block when the stride or the channel count changes.
      const needsDownsample = i === 0 && (stage > 0 || inC !== outC);
      total += blockParams(spec, stage, inC, needsDownsample);
      inC = outC;
    }
  });
  return total + inC * spec.numClasses + spec.numClasses;
}
