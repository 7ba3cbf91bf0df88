import { checkPixels, type RawPixels } from './pixels.js';

/**
 * Pillow's `Image.convert('RGB')` for every mode a decoder hands us, as packed 3-byte RGB. Each rule mirrors
 * Pillow's `Convert.c`, since torchvision's pipeline starts from `Image.open(f).convert('RGB')`:
 * alpha is dropped (not composited), gray is replicated, a palette is looked up, CMYK uses Pillow's naive
 * formula (no ICC), and 16-bit gray (mode `I`) is clamped to 0–255, not scaled: Pillow really does that.
 */
export function toRgb(pixels: RawPixels, input?: string): Uint8Array {
  const mode = checkPixels(pixels, input);
  const n = pixels.width * pixels.height;
  const src = pixels.data;
  if (mode === 'RGB') {
    const bytes = src as Uint8Array | Uint8ClampedArray;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, n * 3);
  }
  const out = new Uint8Array(n * 3);
  switch (mode) {
    case 'L':
    case 'LA': {
      const step = mode === 'L' ? 1 : 2;
      for (let i = 0, s = 0, o = 0; i < n; i++, s += step, o += 3) {
        const v = src[s]!;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
      return out;
    }
    case 'RGBA':
      for (let i = 0, s = 0, o = 0; i < n; i++, s += 4, o += 3) {
        out[o] = src[s]!;
        out[o + 1] = src[s + 1]!;
        out[o + 2] = src[s + 2]!;
      }
      return out;
    case 'P': {
      // Pillow's palette always has 256 entries; indices past a short palette read as black.
      const palette = new Uint8Array(768);
      palette.set(pixels.palette!.subarray(0, 768));
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const p = src[i]! * 3;
        out[o] = palette[p]!;
        out[o + 1] = palette[p + 1]!;
        out[o + 2] = palette[p + 2]!;
      }
      return out;
    }
    case 'CMYK':
      for (let i = 0, s = 0, o = 0; i < n; i++, s += 4, o += 3) {
        const nk = 255 - src[s + 3]!;
        out[o] = nk - mulDiv255(src[s]!, nk);
        out[o + 1] = nk - mulDiv255(src[s + 1]!, nk);
        out[o + 2] = nk - mulDiv255(src[s + 2]!, nk);
      }
      return out;
    case 'I':
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const v = Math.min(src[i]!, 255);
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
      return out;
  }
}

/** Pillow's MULDIV255: a*b/255 rounded, in integers (exact for 0–255 operands). */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}
