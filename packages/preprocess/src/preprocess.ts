import type { PreprocessSpec } from '@swsl/registry';
import { type NormalizationTables, normalizationTables, writeNormalizedChw } from './normalize.js';
import type { RawPixels } from './pixels.js';
import { resizeCrop } from './resize-crop.js';
import { resolveSpec } from './spec.js';
import { toRgb } from './to-rgb.js';
import { writeNormalizedChwWasm } from './wasm-kernels.js';

export interface PixelOptions {
  /** Size, crop, interpolation, mean and std; default: the registry's `IMAGENET_EVAL_PREPROCESSING`. */
  spec?: PreprocessSpec;
}

/** A model input: float32 NCHW `data` with its `dims`, plus the uint8 RGB crops it was made from. */
export interface PreprocessedBatch {
  data: Float32Array;
  dims: [number, 3, number, number];
  /** Per image: the `crop × crop × 3` RGB bytes, i.e. `np.asarray(CenterCrop(Resize(img)))`. */
  crops: Uint8Array[];
}

/** RGB → resized, cropped bytes: the part of the pipeline before `ToTensor()`. */
export function cropPixels(pixels: RawPixels, spec: PreprocessSpec, input?: string): Uint8Array {
  return resizeCrop(toRgb(pixels, input), pixels.width, pixels.height, spec);
}

/**
 * N images into one contiguous `[N, 3, crop, crop]` buffer, filled one image at a time so a caller can decode,
 * write and drop each image in turn instead of holding every decoded image at once.
 */
export class TensorBatch {
  readonly spec: PreprocessSpec;
  readonly data: Float32Array;
  readonly crops: Uint8Array[] = [];
  private readonly tables: NormalizationTables;
  private readonly imageLength: number;

  constructor(count: number, spec?: PreprocessSpec) {
    this.spec = resolveSpec(spec);
    this.tables = tablesFor(this.spec);
    this.imageLength = 3 * this.spec.cropSize * this.spec.cropSize;
    this.data = new Float32Array(count * this.imageLength);
  }

  set(index: number, pixels: RawPixels, input?: string): void {
    const crop = cropPixels(pixels, this.spec, input);
    const offset = index * this.imageLength;
    if (!writeNormalizedChwWasm(crop, this.tables, this.data, offset)) {
      writeNormalizedChw(crop, this.tables, this.data, offset);
    }
    this.crops[index] = crop;
  }

  result(): PreprocessedBatch {
    const size = this.spec.cropSize;
    return { data: this.data, dims: [this.data.length / this.imageLength, 3, size, size], crops: this.crops };
  }
}

/** torchvision's eval transform on already-decoded pixels, N images into one `[N, 3, crop, crop]` buffer. */
export function preprocessPixelsBatch(images: readonly RawPixels[], options: PixelOptions = {}): PreprocessedBatch {
  const batch = new TensorBatch(images.length, options.spec);
  for (const [i, pixels] of images.entries()) batch.set(i, pixels);
  return batch.result();
}

/** One image: `[1, 3, crop, crop]`. */
export function preprocessPixels(pixels: RawPixels, options: PixelOptions = {}): PreprocessedBatch {
  return preprocessPixelsBatch([pixels], options);
}

// The tables depend only on mean/std; keeping the last one avoids rebuilding 768 floats per batch.
let cached: { mean: readonly number[]; std: readonly number[]; tables: NormalizationTables } | undefined;

function tablesFor(spec: PreprocessSpec): NormalizationTables {
  const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => v === b[i]);
  if (!cached || !same(cached.mean, spec.mean) || !same(cached.std, spec.std)) {
    cached = { mean: [...spec.mean], std: [...spec.std], tables: normalizationTables(spec.mean, spec.std) };
  }
  return cached.tables;
}
