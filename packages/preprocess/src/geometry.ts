import { roundHalfEven } from '@swsl/registry';

/**
 * torchvision's `Resize(int)` size rule: the short side becomes `size`, the long side `int(size * long / short)`.
 * The product is formed before the division and then truncated, exactly as Python evaluates it.
 */
export function resizedSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** Python's `round()`: halves go to the even neighbour (re-exported from `@swsl/registry`, where convert gets it). */
export { roundHalfEven };

/**
 * Where a `CenterCrop(crop)` window sits along one axis of length `length`: output index `o` reads input index
 * `o + offset`, for the `count` outputs from `dest` on; the rest are zero padding. torchvision pads
 * `(crop - length) // 2` before when the image is smaller, else offsets by `int(round((length - crop) / 2))`.
 */
export interface CropAxis {
  /** First input index read. */
  readonly source: number;
  /** First output index written. */
  readonly dest: number;
  /** How many input indices are read. */
  readonly count: number;
}

export function centerCropAxis(length: number, crop: number): CropAxis {
  if (crop > length) return { source: 0, dest: Math.floor((crop - length) / 2), count: length };
  return { source: roundHalfEven((length - crop) / 2), dest: 0, count: crop };
}
