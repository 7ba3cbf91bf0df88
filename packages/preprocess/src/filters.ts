import type { Interpolation } from '@swsl/registry';

/** A resampling kernel as Pillow defines it: a function of distance in input pixels and its half-width. */
export interface Filter {
  readonly support: number;
  readonly weight: (x: number) => number;
}

/** Triangle; Pillow's BILINEAR (support 1, widened by the downscale factor, which is what "antialias" means). */
const BILINEAR: Filter = {
  support: 1,
  weight(x) {
    const d = x < 0 ? -x : x;
    return d < 1 ? 1 - d : 0;
  },
};

/** Keys cubic with a = -0.5, Pillow's BICUBIC, written in the same operation order so doubles round the same. */
const BICUBIC: Filter = {
  support: 2,
  weight(x) {
    const a = -0.5;
    const d = x < 0 ? -x : x;
    if (d < 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
    if (d < 2) return (((d - 5) * d + 8) * d - 4) * a;
    return 0;
  },
};

/** The convolution kernels; NEAREST is not one (Pillow samples it with an affine transform, see nearest.ts). */
export function convolutionFilter(interpolation: Exclude<Interpolation, 'nearest'>): Filter {
  return interpolation === 'bilinear' ? BILINEAR : BICUBIC;
}
