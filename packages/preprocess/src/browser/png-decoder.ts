import { unzlibSync } from 'fflate';
import { TruncatedImageError } from '../errors.js';
import type { RawPixels } from '../pixels.js';

/**
 * PNG bytes → the samples Pillow's PngImagePlugin hands to `convert('RGB')`, decoded in JavaScript (inflate by
 * fflate). Why not the browser: canvas storage is premultiplied, so `getImageData` loses the colour under
 * transparent and semi-transparent pixels that Pillow keeps (it drops alpha, never composites); and 16-bit gray
 * must stay 16-bit, since Pillow's mode `I` is clamped, not scaled, to 8 bits.
 * Why not fast-png 8: its Adam7 path mishandles 1/2/4-bit rows (fails on every interlaced low-depth file) and it
 * rejects a tRNS longer than the palette, which Pillow and libpng accept.
 *
 * Modes, as Pillow 9.4 opens them: gray 1 bit → `1` (0/255), 2/4 bits → `L` scaled ×85/×17, 8 → `L`, 16 → `I`;
 * RGB/LA/RGBA 16-bit → their high bytes (Pillow's `;16B` unpackers); palette → `P` at any depth (tRNS ignored).
 * Only the default image (IDAT) is decoded, which is the first frame Pillow shows for an APNG.
 * Inflating is most of the time (fflate ≈ 3.5× slower than native zlib on a 3000×4000 PNG), so `decodePngAsync`
 * uses the platform's `DecompressionStream('deflate')` for large images where there is one, fflate otherwise.
 */
export function decodePng(bytes: Uint8Array, input = '<png>'): RawPixels {
  const chunks = readChunks(bytes, input);
  return fromInflated(chunks, inflateSync(chunks.idat, input), input);
}

/** `decodePng`, inflating with the platform's native zlib (`DecompressionStream`) when it has one. */
export async function decodePngAsync(bytes: Uint8Array, input = '<png>'): Promise<RawPixels> {
  const chunks = readChunks(bytes, input);
  // Below ~512 KiB of compressed data the stream's fixed cost outweighs its speed (measured in Chromium 156).
  if (typeof DecompressionStream === 'undefined' || chunks.idat.length < 1 << 19)
    return fromInflated(chunks, inflateSync(chunks.idat, input), input);
  let raw: Uint8Array;
  try {
    const stream = new Blob([chunks.idat as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate'));
    raw = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new TruncatedImageError(input, 'PNG image data does not inflate', { cause: error });
  }
  return fromInflated(chunks, raw, input);
}

function inflateSync(idat: Uint8Array, input: string): Uint8Array {
  try {
    return unzlibSync(idat);
  } catch (error) {
    throw new TruncatedImageError(input, 'PNG image data does not inflate', { cause: error });
  }
}

function fromInflated(chunks: Chunks, raw: Uint8Array, input: string): RawPixels {
  const ihdr = chunks.ihdr;
  const width = u32(ihdr, 0);
  const height = u32(ihdr, 4);
  const depth = ihdr[8]!;
  const colorType = ihdr[9]!;
  const interlaced = ihdr[12] === 1;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new TruncatedImageError(input, `PNG colour type ${colorType} at depth ${depth} is invalid`);
  }
  const samples = unfilterAll(raw, width, height, channels, depth, interlaced, input);
  const n = width * height;

  if (colorType === 3) {
    if (!chunks.plte) throw new TruncatedImageError(input, 'palette PNG without a PLTE chunk');
    return { data: samples as Uint8Array, width, height, channels: 1, mode: 'P', palette: chunks.plte };
  }
  if (depth === 16) {
    const wide = samples as Uint16Array;
    if (colorType === 0) return { data: wide, width, height, channels: 1, mode: 'I' };
    const high = new Uint8Array(n * channels);
    for (let i = 0; i < high.length; i++) high[i] = wide[i]! >> 8;
    return { data: high, width, height, channels };
  }
  if (depth < 8) {
    // Only gray reaches here (palette returned above): Pillow's `1`, `L;2`, `L;4` unpackers scale to 0–255.
    const scale = 255 / ((1 << depth) - 1);
    const gray = samples as Uint8Array;
    for (let i = 0; i < n; i++) gray[i] = gray[i]! * scale;
    return { data: gray, width, height, channels: 1 };
  }
  return { data: samples as Uint8Array, width, height, channels };
}

interface Chunks {
  ihdr: Uint8Array;
  plte?: Uint8Array;
  idat: Uint8Array;
}

/** IHDR, PLTE and the concatenated IDATs; the IHDR's CRC was checked by readImageHeader. */
function readChunks(bytes: Uint8Array, input: string): Chunks {
  let ihdr: Uint8Array | undefined;
  let plte: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = u32(bytes, at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) break;
    if (type === 'IHDR') ihdr = body;
    else if (type === 'PLTE') plte = body.subarray(0, body.length - (body.length % 3));
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!ihdr || ihdr.length < 13) throw new TruncatedImageError(input, 'PNG without an IHDR chunk');
  if (idat.length === 0) throw new TruncatedImageError(input, 'PNG without image data');
  const total = idat.reduce((s, c) => s + c.length, 0);
  const joined = new Uint8Array(total);
  let o = 0;
  for (const c of idat) {
    joined.set(c, o);
    o += c.length;
  }
  return { ihdr, plte, idat: joined };
}

/** Adam7 passes: x0, y0, dx, dy. A non-interlaced image is the single pass 0, 0, 1, 1. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Undoes the scanline filters pass by pass and scatters the samples into a full image, one sample per element:
 * bytes for depths ≤ 8 (sub-byte samples unpacked, not yet scaled), big-endian pairs joined for 16.
 */
function unfilterAll(
  raw: Uint8Array,
  width: number,
  height: number,
  channels: number,
  depth: number,
  interlaced: boolean,
  input: string,
): Uint8Array | Uint16Array {
  const out = depth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  const bpp = Math.max(1, (channels * depth) >> 3); // filter distance in bytes
  let at = 0;
  for (const [x0, y0, dx, dy] of interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * channels * depth) / 8);
    let prev = new Uint8Array(rowBytes);
    let line = new Uint8Array(rowBytes);
    for (let py = 0; py < ph; py++) {
      if (at + 1 + rowBytes > raw.length) throw new TruncatedImageError(input, 'PNG image data ends early');
      unfilter(raw[at]!, raw.subarray(at + 1, at + 1 + rowBytes), line, prev, bpp, input);
      at += 1 + rowBytes;
      const y = y0 + py * dy;
      scatter(line, out, (y * width + x0) * channels, dx * channels, pw, channels, depth);
      [prev, line] = [line, prev];
    }
  }
  return out;
}

function unfilter(
  filter: number,
  src: Uint8Array,
  dst: Uint8Array,
  prev: Uint8Array,
  bpp: number,
  input: string,
): void {
  const n = src.length;
  switch (filter) {
    case 0:
      dst.set(src);
      return;
    case 1:
      for (let i = 0; i < n; i++) dst[i] = src[i]! + (i >= bpp ? dst[i - bpp]! : 0);
      return;
    case 2:
      for (let i = 0; i < n; i++) dst[i] = src[i]! + prev[i]!;
      return;
    case 3:
      for (let i = 0; i < n; i++) dst[i] = src[i]! + (((i >= bpp ? dst[i - bpp]! : 0) + prev[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? dst[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        dst[i] = src[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw new TruncatedImageError(input, `PNG scanline filter ${filter} is invalid`);
  }
}

/** Writes one unfiltered row's `count` pixels to `out` from `start`, `step` samples apart. */
function scatter(
  line: Uint8Array,
  out: Uint8Array | Uint16Array,
  start: number,
  step: number,
  count: number,
  channels: number,
  depth: number,
): void {
  if (depth === 8) {
    if (step === channels) out.set(line.subarray(0, count * channels), start);
    else
      for (let x = 0, o = start, s = 0; x < count; x++, o += step)
        for (let c = 0; c < channels; c++) out[o + c] = line[s++]!;
    return;
  }
  if (depth === 16) {
    for (let x = 0, o = start, s = 0; x < count; x++, o += step) {
      for (let c = 0; c < channels; c++, s += 2) out[o + c] = (line[s]! << 8) | line[s + 1]!;
    }
    return;
  }
  // Sub-byte depths only occur with one channel (gray, palette); samples are packed from the high bit.
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let x = 0, o = start; x < count; x++, o += step) {
    const shift = 8 - depth * ((x % perByte) + 1);
    out[o] = (line[(x / perByte) | 0]! >> shift) & mask;
  }
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
