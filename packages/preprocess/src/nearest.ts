/**
 * Pillow's NEAREST resize is not a convolution: `_resize` hands it to `ImagingScaleAffine`, which walks the
 * output with a double accumulator (`xo = scale * 0.5; xo += scale` per pixel) and truncates. Accumulating, not
 * multiplying, matters: after many steps the sum drifts from `(i + 0.5) * scale` and picks a different pixel.
 * Returns the input index read by each output index `first … first + count - 1`.
 */
export function nearestIndices(inSize: number, outSize: number, first: number, count: number): Int32Array {
  const scale = inSize / outSize;
  const out = new Int32Array(count);
  let position = scale * 0.5;
  for (let i = 0; i < first + count; i++) {
    if (i >= first) {
      const index = position < 0 ? -1 : Math.trunc(position);
      // Pillow leaves such pixels as they were in a fresh image (zero); with a whole-image box it cannot happen.
      out[i - first] = index < inSize ? index : inSize - 1;
    }
    position += scale;
  }
  return out;
}
