import { countParameters, FAMILIES, VARIANTS, type Variant, type WEIGHTS_LICENSE } from '@swsl/registry';

/** One line of the docs' model table: the paper's figures beside what the registry computes. */
export interface ModelRow {
  readonly name: string;
  readonly family: Variant['family'];
  readonly pretrainingData: string;
  readonly arch: string;
  /** As printed in the paper's table (millions). */
  readonly publishedParamsM: number;
  /** torchvision's exact count for the architecture; differs from the paper for resnet18 (14M vs 11.7M). */
  readonly countedParams: number;
  readonly gflops: number;
  readonly top1: number;
  readonly top5: number;
  readonly timmName: string;
  readonly weightsUrl: string;
  readonly fileName: string;
  readonly license: typeof WEIGHTS_LICENSE;
}

/** Every registry variant, in registry order (architecture by size, ssl before swsl). */
export function modelRows(variants: readonly Variant[] = VARIANTS): ModelRow[] {
  return variants.map((v) => ({
    name: v.name,
    family: v.family,
    pretrainingData: FAMILIES[v.family].pretrainingData,
    arch: v.arch,
    publishedParamsM: v.published.paramsM,
    countedParams: countParameters(v.archSpec),
    gflops: v.published.gflops,
    top1: v.published.top1,
    top5: v.published.top5,
    timmName: v.timmName,
    weightsUrl: v.weights.url,
    fileName: v.weights.fileName,
    license: v.weights.license,
  }));
}

/** `11_689_512` → `11.7M`: the same rounding the paper uses, so the two columns compare at a glance. */
export function formatMillions(count: number): string {
  return `${(count / 1e6).toFixed(1)}M`;
}
