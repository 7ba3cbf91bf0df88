import { TruncatedImageError, UnsupportedFormatError } from './errors.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from './image-header.js';
import type { RawPixels } from './pixels.js';

/**
 * Uncompressed Windows BMP (1/4/8-bit palette, 24-bit, 32-bit with or without bitfields) → RGB(A) pixels, the
 * variants Pillow reads without RLE. libvips as shipped with sharp has no BMP loader, and the format is simple
 * enough that a small exact decoder beats pulling in another library. Platform-neutral.
 */
export function decodeBmp(bytes: Uint8Array, input = '<bytes>', maxPixels = DEFAULT_MAX_PIXELS): RawPixels {
  const { width, height } = readImageHeader(bytes, input, maxPixels);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number, what: string) => {
    if (end > bytes.length)
      throw new TruncatedImageError(input, `BMP ${what} ends at ${end}, file has ${bytes.length}`);
  };
  need(18, 'header');
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  // Pillow 9.4 reads these header sizes and refuses the others (52 and 56 included), so we do too.
  if (![12, 40, 64, 108, 124].includes(dibSize)) {
    throw new UnsupportedFormatError(input, 'BMP', `a ${dibSize}-byte info header (Pillow reads 12, 40, 64, 108, 124)`);
  }
  // Every field read below lies inside the info header: a file cut inside it is truncated (found by tools/fuzz).
  need(14 + dibSize, 'info header');
  const core = dibSize === 12;
  const bpp = view.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  const topDown = !core && view.getInt32(22, true) < 0;
  const bitfields = compression === 3 || compression === 6;
  if ((compression !== 0 && !bitfields) || (bitfields && bpp !== 32) || ![1, 4, 8, 24, 32].includes(bpp)) {
    throw new UnsupportedFormatError(input, 'BMP', `${bpp}-bit with compression ${compression}`);
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  need(dataOffset + stride * height, 'pixel data');
  const rowAt = (y: number) => dataOffset + (topDown ? y : height - 1 - y) * stride;

  if (bpp <= 8) {
    const entry = core ? 3 : 4;
    const used = core ? 0 : view.getUint32(46, true);
    // Pillow fails on a palette of more than 256 colours (its palette cannot hold them), rather than using a part.
    if (used > 256) throw new TruncatedImageError(input, `BMP palette of ${used} colours`);
    const colours = used || 1 << bpp;
    const paletteAt = 14 + dibSize;
    need(paletteAt + colours * entry, 'palette');
    const palette = new Uint8Array(256 * 3);
    for (let i = 0; i < colours; i++) {
      // Stored as B, G, R(, reserved).
      palette[i * 3] = bytes[paletteAt + i * entry + 2]!;
      palette[i * 3 + 1] = bytes[paletteAt + i * entry + 1]!;
      palette[i * 3 + 2] = bytes[paletteAt + i * entry]!;
    }
    const indices = new Uint8Array(width * height);
    const perByte = 8 / bpp;
    const mask = (1 << bpp) - 1;
    for (let y = 0; y < height; y++) {
      const row = rowAt(y);
      for (let x = 0; x < width; x++) {
        const byte = bytes[row + Math.floor(x / perByte)]!;
        indices[y * width + x] = (byte >> (8 - bpp * ((x % perByte) + 1))) & mask;
      }
    }
    return { data: indices, width, height, channels: 1, mode: 'P', palette };
  }

  const step = bpp / 8;
  // BI_RGB stores B, G, R(, X); bitfields name each channel's mask (8-bit masks only, as Pillow supports).
  const masks = bitfields ? [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)] : null;
  const alphaMask = bitfields && dibSize >= 56 ? view.getUint32(66, true) : 0;
  const shifts = (masks ?? [0xff0000, 0xff00, 0xff]).map(byteShift);
  const alphaShift = alphaMask ? byteShift(alphaMask) : -1;
  if (shifts.some((s) => s < 0)) throw new UnsupportedFormatError(input, 'BMP', 'bitfield masks that are not bytes');
  const channels = alphaShift >= 0 ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = rowAt(y);
    for (let x = 0; x < width; x++, s += step) {
      const pixel = step === 4 ? view.getUint32(s, true) : bytes[s]! | (bytes[s + 1]! << 8) | (bytes[s + 2]! << 16);
      out[o++] = (pixel >>> shifts[0]!) & 0xff;
      out[o++] = (pixel >>> shifts[1]!) & 0xff;
      out[o++] = (pixel >>> shifts[2]!) & 0xff;
      if (channels === 4) out[o++] = (pixel >>> alphaShift) & 0xff;
    }
  }
  return { data: out, width, height, channels };
}

/** The shift of an 8-bit-wide mask (0xff << 8k), or -1 for any other mask. */
function byteShift(mask: number): number {
  for (let shift = 0; shift <= 24; shift += 8) if (mask >>> 0 === (0xff << shift) >>> 0) return shift;
  return -1;
}
