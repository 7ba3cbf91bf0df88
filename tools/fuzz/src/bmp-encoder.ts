/**
 * A minimal BMP writer (sharp writes none): BITMAPINFOHEADER, bottom-up rows padded to 4 bytes; 8-bit files get a
 * gray palette and the first channel's values.
 */
export function encodeBmp(pixels: Uint8Array, width: number, height: number, bits: 8 | 24 | 32): Uint8Array {
  const channels = pixels.length / (width * height);
  const stride = Math.ceil((width * bits) / 32) * 4;
  const paletteBytes = bits === 8 ? 256 * 4 : 0;
  const dataStart = 14 + 40 + paletteBytes;
  const out = new Uint8Array(dataStart + stride * height);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, out.length, true);
  view.setUint32(10, dataStart, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bits, true);
  view.setUint32(34, stride * height, true);
  if (bits === 8) {
    view.setUint32(46, 256, true);
    for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + i * 4);
  }
  for (let y = 0; y < height; y++) {
    const row = dataStart + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      if (bits === 8) out[row + x] = pixels[p]!;
      else {
        const at = row + x * (bits / 8);
        out[at] = pixels[p + 2]!;
        out[at + 1] = pixels[p + 1]!;
        out[at + 2] = pixels[p]!;
        if (bits === 32) out[at + 3] = channels === 4 ? pixels[p + 3]! : 255;
      }
    }
  }
  return out;
}
