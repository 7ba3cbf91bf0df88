import type { Interpolation } from '@swsl/registry';
import { type AxisCoefficients, axisCoefficients } from './coefficients.js';
import { convolutionFilter } from './filters.js';
import { centerCropAxis, resizedSize } from './geometry.js';
import { nearestIndices } from './nearest.js';
import { resampleColumns, resampleRows } from './resample.js';
import { resampleBothWasm } from './wasm-kernels.js';

export interface ResizeCropSpec {
  readonly resizeSize: number;
  readonly cropSize: number;
  readonly interpolation: Interpolation;
}

/**
 * torchvision's `CenterCrop(crop)(Resize(size, interpolation)(img))` on packed RGB, returning the `crop × crop`
 * RGB bytes. Only the resized pixels inside the crop window are computed: the horizontal pass runs on the input
 * rows the kept output rows need, for the kept output columns only. Each output pixel depends on its own weights
 * alone, so this gives the same bytes as Pillow resizing the whole image first.
 */
export function resizeCrop(rgb: Uint8Array, width: number, height: number, spec: ResizeCropSpec): Uint8Array {
  const resized = resizedSize(width, height, spec.resizeSize);
  const cropX = centerCropAxis(resized.width, spec.cropSize);
  const cropY = centerCropAxis(resized.height, spec.cropSize);
  let window: Uint8Array;
  if (resized.width === width && resized.height === height) {
    // Pillow (and torchvision before it) returns the image untouched when the size already matches.
    window = copyWindow(rgb, width, cropX.source, cropY.source, cropX.count, cropY.count);
  } else if (spec.interpolation === 'nearest') {
    window = nearestWindow(rgb, width, height, resized.width, resized.height, cropX, cropY);
  } else {
    const filter = convolutionFilter(spec.interpolation);
    // Pillow skips a pass whose axis keeps its size; with a 1:1 scale the kernel is the identity anyway.
    const horizontal =
      resized.width === width ? null : axisCoefficients(width, resized.width, filter, cropX.source, cropX.count);
    const vertical =
      resized.height === height ? null : axisCoefficients(height, resized.height, filter, cropY.source, cropY.count);
    const [firstRow, rowCount] = vertical ? rowSpan(vertical) : [cropY.source, cropY.count];
    const both = horizontal && vertical && resampleBothWasm(rgb, width, firstRow, rowCount, horizontal, vertical);
    if (both) return placeInCrop(both, cropX, cropY, spec.cropSize);
    const rows = horizontal
      ? resampleRows(rgb, width, firstRow, rowCount, horizontal)
      : copyWindow(rgb, width, cropX.source, firstRow, cropX.count, rowCount);
    window = vertical ? resampleColumns(rows, cropX.count, firstRow, vertical) : rows;
  }
  return placeInCrop(window, cropX, cropY, spec.cropSize);
}

/** The input rows a vertical pass reads: from the first kept output row's first tap to the last one's last. */
function rowSpan(vertical: AxisCoefficients): [number, number] {
  const first = vertical.start[0]!;
  return [first, vertical.start[vertical.start.length - 1]! + vertical.taps - first];
}

function copyWindow(rgb: Uint8Array, width: number, x: number, y: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const s = ((y + row) * width + x) * 3;
    out.set(rgb.subarray(s, s + w * 3), row * w * 3);
  }
  return out;
}

function nearestWindow(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  cropX: { source: number; count: number },
  cropY: { source: number; count: number },
): Uint8Array {
  const xs = nearestIndices(width, outWidth, cropX.source, cropX.count);
  const ys = nearestIndices(height, outHeight, cropY.source, cropY.count);
  const out = new Uint8Array(xs.length * ys.length * 3);
  let o = 0;
  for (const y of ys) {
    const rowBase = y * width * 3;
    for (const x of xs) {
      const s = rowBase + x * 3;
      out[o++] = rgb[s]!;
      out[o++] = rgb[s + 1]!;
      out[o++] = rgb[s + 2]!;
    }
  }
  return out;
}

/** Puts the computed window into a zeroed `crop × crop` image: torchvision pads small images with black. */
function placeInCrop(
  window: Uint8Array,
  cropX: { dest: number; count: number },
  cropY: { dest: number; count: number },
  crop: number,
): Uint8Array {
  if (cropX.count === crop && cropY.count === crop) return window;
  const out = new Uint8Array(crop * crop * 3);
  const rowBytes = cropX.count * 3;
  for (let row = 0; row < cropY.count; row++) {
    const d = ((cropY.dest + row) * crop + cropX.dest) * 3;
    out.set(window.subarray(row * rowBytes, (row + 1) * rowBytes), d);
  }
  return out;
}
