import type { RawPixels } from '../pixels.js';

/**
 * Rotates/flips decoded pixels as EXIF Orientation `value` asks (Pillow's `ImageOps.exif_transpose`: 2 mirror,
 * 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise).
 * Works on any layout (every sample of a pixel moves together; a palette stays as it is). 1 or unknown: unchanged.
 */
export function orientPixels(pixels: RawPixels, value: number): RawPixels {
  if (value < 2 || value > 8) return pixels;
  const { width: w, height: h, channels: c, data } = pixels;
  const swap = value >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new (data.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor)(ow * oh * c);
  // Source (x, y) of output (ox, oy), as a start offset and steps along ox and oy.
  let start: number;
  let stepX: number;
  let stepY: number;
  const row = w * c;
  switch (value) {
    case 2: // x = w-1-ox, y = oy
      [start, stepX, stepY] = [(w - 1) * c, -c, row];
      break;
    case 3: // x = w-1-ox, y = h-1-oy
      [start, stepX, stepY] = [((h - 1) * w + w - 1) * c, -c, -row];
      break;
    case 4: // x = ox, y = h-1-oy
      [start, stepX, stepY] = [(h - 1) * row, c, -row];
      break;
    case 5: // x = oy, y = ox
      [start, stepX, stepY] = [0, row, c];
      break;
    case 6: // x = oy, y = h-1-ox
      [start, stepX, stepY] = [(h - 1) * row, -row, c];
      break;
    case 7: // x = w-1-oy, y = h-1-ox
      [start, stepX, stepY] = [((h - 1) * w + w - 1) * c, -row, -c];
      break;
    default: // 8: x = w-1-oy, y = ox
      [start, stepX, stepY] = [(w - 1) * c, row, -c];
  }
  for (let oy = 0, o = 0; oy < oh; oy++) {
    for (let ox = 0, s = start + oy * stepY; ox < ow; ox++, s += stepX) {
      for (let k = 0; k < c; k++) out[o++] = data[s + k]!;
    }
  }
  return { ...pixels, data: out, width: ow, height: oh };
}
