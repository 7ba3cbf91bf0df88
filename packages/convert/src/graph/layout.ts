import {
  type ArchSpec,
  blockExpansion,
  bottleneckWidth,
  featureDim,
  stagePlanes,
  W8_TWO_TERM_SHARE,
} from '@swsl/registry';

/**
 * torchvision's ResNet as a list of convolutions, each followed by its BatchNorm: the single description both the
 * key/shape validator and the ONNX builder read, so they cannot disagree.
 */
export interface ConvLayer {
  /** torch module path of the conv (`layer2.0.conv2`); its weight is `${conv}.weight`. */
  readonly conv: string;
  /** torch module path of the BatchNorm that follows (`layer2.0.bn2`, `layer2.0.downsample.1`). */
  readonly bn: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  readonly groups: number;
}

export interface BlockLayout {
  /** `layer3.5` */
  readonly prefix: string;
  /** conv1..conv2 (basic) or conv1..conv3 (bottleneck), in order. */
  readonly convs: readonly ConvLayer[];
  readonly downsample?: ConvLayer;
}

export interface ResNetLayout {
  readonly stem: ConvLayer;
  readonly blocks: readonly BlockLayout[];
  readonly features: number;
  readonly classes: number;
}

function conv(
  path: string,
  bn: string,
  inChannels: number,
  outChannels: number,
  kernel: number,
  stride = 1,
  groups = 1,
): ConvLayer {
  return { conv: path, bn, inChannels, outChannels, kernel, stride, pad: (kernel - 1) >> 1, groups };
}

export function resnetLayout(spec: ArchSpec): ResNetLayout {
  const stem = conv('conv1', 'bn1', 3, spec.baseWidth, 7, 2);
  const blocks: BlockLayout[] = [];
  let inC = spec.baseWidth;
  spec.layers.forEach((count, stage) => {
    const planes = stagePlanes(spec, stage);
    const outC = planes * blockExpansion(spec.block);
    for (let i = 0; i < count; i++) {
      const prefix = `layer${stage + 1}.${i}`;
      // torchvision puts the stride on the 3×3 conv (conv2 of a bottleneck, conv1 of a basic block).
      const stride = i === 0 && stage > 0 ? 2 : 1;
      const convs =
        spec.block === 'basic'
          ? [
              conv(`${prefix}.conv1`, `${prefix}.bn1`, inC, planes, 3, stride),
              conv(`${prefix}.conv2`, `${prefix}.bn2`, planes, planes, 3),
            ]
          : (() => {
              const width = bottleneckWidth(spec, stage);
              return [
                conv(`${prefix}.conv1`, `${prefix}.bn1`, inC, width, 1),
                conv(`${prefix}.conv2`, `${prefix}.bn2`, width, width, 3, stride, spec.groups),
                conv(`${prefix}.conv3`, `${prefix}.bn3`, width, outC, 1),
              ];
            })();
      const needsDownsample = i === 0 && (stride !== 1 || inC !== outC);
      blocks.push({
        prefix,
        convs,
        ...(needsDownsample
          ? { downsample: conv(`${prefix}.downsample.0`, `${prefix}.downsample.1`, inC, outC, 1, stride) }
          : {}),
      });
      inC = outC;
    }
  });
  return { stem, blocks, features: featureDim(spec), classes: spec.numClasses };
}

export function allConvs(layout: ResNetLayout): ConvLayer[] {
  return [layout.stem, ...layout.blocks.flatMap((b) => (b.downsample ? [...b.convs, b.downsample] : b.convs))];
}

/** Every state-dict key torchvision writes for this layout, with its shape (`num_batches_tracked` is optional). */
export function expectedTensors(layout: ResNetLayout): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const c of allConvs(layout)) {
    out.set(`${c.conv}.weight`, [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel]);
    for (const p of ['weight', 'bias', 'running_mean', 'running_var']) out.set(`${c.bn}.${p}`, [c.outChannels]);
  }
  out.set('fc.weight', [layout.classes, layout.features]);
  out.set('fc.bias', [layout.classes]);
  return out;
}

/**
 * The convs w8 stores as two int8 terms, within `W8_TWO_TERM_SHARE` of the weights, in the order the measurements put
 * them: the downsample convs first (on the identity path, which carries the signal: on resnext101_32x4d they held
 * half of w8's error, logits cosine vs fp32 0.99981 with them in 8 bits, 0.99991 without), then the block convs from
 * the first stage on (the first stage next: on resnext101_32x8d 0.99989 → 0.99993). It stops at the first that does
 * not fit, so a model gets a prefix of this order.
 */
export function w8TwoTermConvs(layout: ResNetLayout): Set<string> {
  const weights = (c: ConvLayer) => (c.outChannels * c.inChannels * c.kernel * c.kernel) / c.groups;
  const quantized = allConvs(layout).filter((c) => c !== layout.stem);
  let budget = W8_TWO_TERM_SHARE * (quantized.reduce((n, c) => n + weights(c), 0) + layout.classes * layout.features);
  const order = [
    ...layout.blocks.flatMap((b) => (b.downsample ? [b.downsample] : [])),
    ...layout.blocks.flatMap((b) => b.convs),
  ];
  const chosen = new Set<string>();
  for (const c of order) {
    if (weights(c) > budget) break;
    budget -= weights(c);
    chosen.add(c.conv);
  }
  return chosen;
}
