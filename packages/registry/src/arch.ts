/**
 * torchvision's ResNet family described as data (timm's `default_cfgs` idea): one builder reads a spec, no class per
 * variant. `baseWidth` is torchvision's fixed 64 (stem channels and the planes of stage 1; each later stage doubles);
 * it is a field only so the test fixtures can be tiny while keeping the exact block structure.
 */
export type BlockKind = 'basic' | 'bottleneck';

export interface ArchSpec {
  readonly block: BlockKind;
  /** Blocks per stage, torchvision's `layers`. */
  readonly layers: readonly [number, number, number, number];
  /** Grouped-convolution cardinality of the 3×3 conv (ResNeXt's C). */
  readonly groups: number;
  /** torchvision's `width_per_group` (ResNeXt's d). */
  readonly widthPerGroup: number;
  readonly numClasses: number;
  /** Stem output channels and stage-1 planes; 64 for every published model. */
  readonly baseWidth: number;
}

export type ArchName =
  | 'resnet18'
  | 'resnet50'
  | 'resnext50_32x4d'
  | 'resnext101_32x4d'
  | 'resnext101_32x8d'
  | 'resnext101_32x16d';

function imagenetArch(block: BlockKind, layers: ArchSpec['layers'], groups: number, widthPerGroup: number): ArchSpec {
  return { block, layers, groups, widthPerGroup, numClasses: 1000, baseWidth: 64 };
}

/** The six architectures of hubconf.py, as torchvision builds them. */
export const ARCHS: Readonly<Record<ArchName, ArchSpec>> = {
  resnet18: imagenetArch('basic', [2, 2, 2, 2], 1, 64),
  resnet50: imagenetArch('bottleneck', [3, 4, 6, 3], 1, 64),
  resnext50_32x4d: imagenetArch('bottleneck', [3, 4, 6, 3], 32, 4),
  resnext101_32x4d: imagenetArch('bottleneck', [3, 4, 23, 3], 32, 4),
  resnext101_32x8d: imagenetArch('bottleneck', [3, 4, 23, 3], 32, 8),
  resnext101_32x16d: imagenetArch('bottleneck', [3, 4, 23, 3], 32, 16),
};

/** Output channels of a block relative to its planes: torchvision's `expansion`. */
export function blockExpansion(block: BlockKind): number {
  return block === 'basic' ? 1 : 4;
}

/** Planes of stage `stage` (0..3). */
export function stagePlanes(spec: ArchSpec, stage: number): number {
  return spec.baseWidth * 2 ** stage;
}

/** Channels of the 3×3 conv inside a bottleneck of stage `stage`: `int(planes * (width_per_group / 64)) * groups`. */
export function bottleneckWidth(spec: ArchSpec, stage: number): number {
  return Math.floor(stagePlanes(spec, stage) * (spec.widthPerGroup / 64)) * spec.groups;
}

/** Length of the pooled feature vector that feeds `fc` (512 for resnet18, 2048 for the bottleneck models). */
export function featureDim(spec: ArchSpec): number {
  return stagePlanes(spec, 3) * blockExpansion(spec.block);
}
