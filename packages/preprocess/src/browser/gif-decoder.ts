import { EmptyImageError, ImageTooLargeError, TruncatedImageError } from '../errors.js';
import { DEFAULT_MAX_PIXELS, gifCanvas, HeaderReader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';

/**
 * GIF bytes → the first frame as Pillow 9.4's GifImagePlugin opens it: mode `P` (palette indices plus the frame's
 * local colour table, else the global one) or `L` when there is no palette at all, on the logical screen; where
 * the first frame does not cover it, the frame's transparent index if it has one, else index 0.
 * Why our own: Chromium's and libvips' GIF decoders leave transparent-index pixels as transparent black, while
 * Pillow's `convert('RGB')` shows the palette colour stored for that index. gifuct-js was tried: it decodes every
 * frame into plain arrays and accepts a cut file silently; here a file cut inside any block is
 * `E_TRUNCATED_IMAGE`, as with the other decoders.
 */
export function decodeGif(bytes: Uint8Array, input = '<gif>', maxPixels = DEFAULT_MAX_PIXELS): RawPixels {
  const r = new Reader(bytes, input);
  // The screen grown to cover the first frame, as Pillow does (a 0-wide screen included): bounded before any use.
  const { width, height } = gifCanvas(new HeaderReader(bytes, input));
  if (width * height > maxPixels) throw new ImageTooLargeError(input, width, height, maxPixels);
  if (width === 0 || height === 0) throw new EmptyImageError(input, width, height);
  const flags = r.u8(10);
  let at = 13;
  let globalTable: Uint8Array | undefined;
  if (flags & 0x80) {
    globalTable = r.slice(at, 3 << ((flags & 7) + 1));
    at += globalTable.length;
  }
  let transparent: number | undefined;
  let result: RawPixels | undefined;
  // Walk the blocks up to the first image and decode it. What follows is not read: Pillow's `open` + `load` does
  // not read it either, so a later frame that is cut, garbage after the image or a missing trailer changes nothing.
  while (at < bytes.length && result === undefined) {
    const introducer = r.u8(at++);
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = r.u8(at++);
      if (label === 0xf9 && result === undefined && r.u8(at) >= 4) {
        transparent = r.u8(at + 1) & 1 ? r.u8(at + 4) : undefined;
      }
      at = r.skipSubBlocks(at);
      continue;
    }
    if (introducer !== 0x2c)
      throw new TruncatedImageError(input, `GIF block 0x${introducer.toString(16)} at ${at - 1}`);
    const left = r.u16(at);
    const top = r.u16(at + 2);
    const fw = r.u16(at + 4);
    const fh = r.u16(at + 6);
    const imageFlags = r.u8(at + 8);
    at += 9;
    let table = globalTable;
    if (imageFlags & 0x80) {
      table = r.slice(at, 3 << ((imageFlags & 7) + 1));
      at += table.length;
    }
    const minCodeSize = r.u8(at++);
    // The image data may run to the end of the file without its terminating empty block; Pillow decodes what is
    // there and only a frame short of pixels is truncated (checked by `lzw`).
    const end = r.skipSubBlocks(at, true);
    {
      // The frame lies inside the canvas, which `gifCanvas` grew to cover it and bounded by maxPixels.
      const frame = lzw(r.subBlocks(at, end), minCodeSize, fw * fh, input);
      const data = new Uint8Array(width * height).fill(transparent ?? 0);
      const rows = imageFlags & 0x40 ? interlacedRows(fh) : undefined;
      for (let y = 0; y < fh; y++) {
        const oy = top + (rows ? rows[y]! : y);
        if (oy >= height) continue;
        for (let x = 0; x < fw && left + x < width; x++) data[oy * width + left + x] = frame[y * fw + x]!;
      }
      result = table
        ? { data, width, height, channels: 1, mode: 'P', palette: table }
        : { data, width, height, channels: 1, mode: 'L' };
    }
    at = end;
  }
  if (!result) throw new TruncatedImageError(input, 'GIF has no image');
  return result;
}

/** The image row each stored row of an interlaced frame belongs to (passes from rows 0, 4, 2, 1). */
function interlacedRows(h: number): number[] {
  const rows: number[] = [];
  for (const [start, step] of [
    [0, 8],
    [4, 8],
    [2, 4],
    [1, 2],
  ] as const) {
    for (let y = start; y < h; y += step) rows.push(y);
  }
  return rows;
}

/** GIF's variable-width LZW; fewer than `count` indices before the end code or the data's end is truncation. */
function lzw(data: Uint8Array, minCodeSize: number, count: number, input: string): Uint8Array {
  if (minCodeSize < 1 || minCodeSize > 11) throw new TruncatedImageError(input, `GIF LZW code size ${minCodeSize}`);
  const out = new Uint8Array(count);
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const stack = new Uint8Array(4097);
  for (let i = 0; i < clear; i++) {
    suffix[i] = i;
    first[i] = i;
  }
  let size = minCodeSize + 1;
  let next = clear + 2;
  let previous = -1;
  let bits = 0;
  let datum = 0;
  let o = 0;
  for (let i = 0; o < count; ) {
    while (bits < size && i < data.length) {
      datum |= data[i++]! << bits;
      bits += 8;
    }
    if (bits < size) break;
    const code = datum & ((1 << size) - 1);
    datum >>>= size;
    bits -= size;
    if (code === clear) {
      size = minCodeSize + 1;
      next = clear + 2;
      previous = -1;
      continue;
    }
    if (code === eoi) break;
    if (previous === -1) {
      if (code >= clear) throw new TruncatedImageError(input, 'GIF LZW data is corrupt');
      out[o++] = code;
      previous = code;
      continue;
    }
    if (code > next) throw new TruncatedImageError(input, 'GIF LZW data is corrupt');
    // A code not yet in the table (code === next) is the previous string plus its own first index.
    let c = code === next ? previous : code;
    let top = 0;
    if (code === next) stack[top++] = first[previous]!;
    while (c >= clear) {
      stack[top++] = suffix[c]!;
      c = prefix[c]!;
    }
    stack[top++] = c;
    if (next < 4096) {
      prefix[next] = previous;
      suffix[next] = c;
      first[next] = first[previous]!;
      next++;
      if (next === 1 << size && size < 12) size++;
    }
    while (top > 0 && o < count) out[o++] = stack[--top]!;
    previous = code;
  }
  if (o < count) throw new TruncatedImageError(input, `GIF image data ends after ${o} of ${count} pixels`);
  return out;
}

/** Bounds-checked reads: running off the end is a truncated file. */
class Reader {
  constructor(
    readonly bytes: Uint8Array,
    readonly input: string,
  ) {}
  private need(at: number, n: number): void {
    if (at + n > this.bytes.length) throw new TruncatedImageError(this.input, `GIF ends at byte ${this.bytes.length}`);
  }
  u8(at: number): number {
    this.need(at, 1);
    return this.bytes[at]!;
  }
  u16(at: number): number {
    this.need(at, 2);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }
  slice(at: number, n: number): Uint8Array {
    this.need(at, n);
    return this.bytes.subarray(at, at + n);
  }
  /**
   * Offset after the sub-block chain at `at` (its zero-length terminator included); with `toEnd`, a chain the file
   * cuts short ends at the file's end instead of being an error.
   */
  skipSubBlocks(at: number, toEnd = false): number {
    if (toEnd) {
      while (at < this.bytes.length && this.bytes[at] !== 0) at += 1 + this.bytes[at]!;
      return Math.min(at + 1, this.bytes.length);
    }
    for (let n = this.u8(at); n !== 0; n = this.u8(at)) at += 1 + n;
    return at + 1;
  }
  /** The concatenated payload of the sub-block chain from `at` to `end` (a last block may be cut by the end). */
  subBlocks(at: number, end: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, end - at));
    let o = 0;
    for (let n = this.bytes[at] ?? 0; n !== 0 && at < end; n = this.bytes[at] ?? 0) {
      const part = this.bytes.subarray(at + 1, Math.min(at + 1 + n, end));
      out.set(part, o);
      o += part.length;
      at += 1 + n;
    }
    return out.subarray(0, o);
  }
}
