import { Inflate } from 'fflate';
import { crc32 } from '../crc32.js';
import { EmptyImageError, ImageTooLargeError, TruncatedImageError } from '../errors.js';
import { DEFAULT_MAX_PIXELS } from '../image-header.js';
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
export function decodePng(bytes: Uint8Array, input = '<png>', maxPixels = DEFAULT_MAX_PIXELS): RawPixels {
  const chunks = readChunks(bytes, input, maxPixels);
  return fromInflated(chunks, inflateCapped(chunks.idat, expectedBytes(chunks.ihdr), input), input);
}

/**
 * `decodePng`, inflating with the platform's native zlib (`DecompressionStream`, which also checks the stream's
 * Adler-32 as Pillow's zlib does) when it has one: always in Node, above 512 KiB of IDAT in a browser.
 */
export async function decodePngAsync(
  bytes: Uint8Array,
  input = '<png>',
  maxPixels = DEFAULT_MAX_PIXELS,
  { native = 'large' }: { native?: 'always' | 'large' } = {},
): Promise<RawPixels> {
  const chunks = readChunks(bytes, input, maxPixels);
  const cap = expectedBytes(chunks.ihdr);
  // Below ~512 KiB of compressed data the stream's fixed cost outweighs its speed (measured in Chromium 156).
  if (typeof DecompressionStream === 'undefined' || (native === 'large' && chunks.idat.length < 1 << 19))
    return fromInflated(chunks, inflateCapped(chunks.idat, cap, input), input);
  return fromInflated(chunks, await inflateNative(chunks.idat, cap, input), input);
}

/**
 * The filtered scanlines' size that the IHDR implies (filter byte + packed row, per pass): inflating stops there.
 * Like Pillow's ZipDecode, which inflates row by row until the image is full, data beyond it is never inflated (a
 * zlib bomb costs no more than a legitimate image of its declared size), and a stream that ends sooner leaves the
 * remaining rows 0.
 */
/** IHDR's interlace method as Pillow reads it: any value but 0 is Adam7 (the format defines only 0 and 1). */
const isInterlaced = (ihdr: Uint8Array) => ihdr[12] !== 0;

function expectedBytes(ihdr: Uint8Array): number {
  const width = u32(ihdr, 0);
  const height = u32(ihdr, 4);
  const bits = ihdr[8]! * ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[ihdr[9]!] ?? 1);
  let total = 0;
  for (const [x0, y0, dx, dy] of isInterlaced(ihdr) ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw > 0 && ph > 0) total += ph * (1 + Math.ceil((pw * bits) / 8));
  }
  return total;
}

/** Inflated bytes, at most `cap`: `length` says how many the stream produced (fewer when it ended early). */
interface Inflated {
  raw: Uint8Array;
  length: number;
}

/**
 * fflate, streamed in small pieces so that inflating stops once `cap` bytes are out. fflate checks no Adler-32;
 * Pillow's zlib does whenever it reaches the stream's end (unless the image was full before it), so we do too.
 */
function inflateCapped(idat: Uint8Array, cap: number, input: string): Inflated {
  const raw = new Uint8Array(cap);
  let length = 0;
  let a = 1;
  let b = 0;
  const inflater = new Inflate((chunk) => {
    const n = Math.min(chunk.length, cap - length);
    raw.set(chunk.subarray(0, n), length);
    length += n;
    [a, b] = adler32(chunk, a, b);
  });
  // fflate's state: `f` once the final block has started, `l` while a block is being decoded; `p` the bit
  // position in the input it has kept (`p`), which starts at a byte.
  const state = inflater as unknown as { s: { f?: number; l?: unknown; p: number }; p: Uint8Array };
  const body = idat.subarray(2);
  let pushed = 0;
  let ended = false;
  try {
    if (idat.length < 2 || (idat[0]! & 0x0f) !== 8 || ((idat[0]! << 8) | idat[1]!) % 31 !== 0) {
      throw new Error('invalid zlib header');
    }
    while (pushed < body.length && length < cap && !ended) {
      const piece = body.subarray(pushed, pushed + PIECE);
      pushed += piece.length;
      inflater.push(piece, pushed >= body.length);
      ended = Boolean(state.s.f) && !state.s.l;
    }
  } catch (error) {
    throw new TruncatedImageError(input, 'PNG image data does not inflate', { cause: error });
  }
  if (length < cap && !ended) throw new TruncatedImageError(input, 'PNG image data ends early');
  if (ended) {
    const at = pushed - state.p.length + Math.ceil(state.s.p / 8);
    if (at + 4 > body.length || ((b << 16) | a) >>> 0 !== u32(body, at)) {
      throw new TruncatedImageError(input, 'PNG image data fails its Adler-32 checksum');
    }
  }
  return { raw, length };
}

const PIECE = 1 << 14;

/** `DecompressionStream('deflate')`, read until `cap` bytes are out, then cancelled. */
async function inflateNative(idat: Uint8Array, cap: number, input: string): Promise<Inflated> {
  const raw = new Uint8Array(cap);
  let length = 0;
  const reader = new Blob([idat as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'))
    .getReader();
  try {
    while (length < cap) {
      const { done, value } = await reader.read();
      if (done) break;
      const n = Math.min(value.length, cap - length);
      raw.set(value.subarray(0, n), length);
      length += n;
    }
  } catch (error) {
    throw new TruncatedImageError(input, 'PNG image data does not inflate', { cause: error });
  }
  if (length === cap) await reader.cancel().catch(() => undefined);
  return { raw, length };
}

/** Adler-32 continued over `bytes` from the sums `a`, `b`. */
function adler32(bytes: Uint8Array, a: number, b: number): [number, number] {
  for (let at = 0; at < bytes.length; ) {
    // 5552 is the most bytes before b can overflow 2^32 (zlib's NMAX).
    const end = Math.min(at + 5552, bytes.length);
    for (; at < end; at++) {
      a += bytes[at]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return [a, b];
}

function fromInflated(chunks: Chunks, { raw, length }: Inflated, input: string): RawPixels {
  const ihdr = chunks.ihdr;
  const width = u32(ihdr, 0);
  const height = u32(ihdr, 4);
  const depth = ihdr[8]!;
  const colorType = ihdr[9]!;
  const interlaced = isInterlaced(ihdr);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new TruncatedImageError(input, `PNG colour type ${colorType} at depth ${depth} is invalid`);
  }
  const samples = unfilterAll(raw.subarray(0, length), width, height, channels, depth, interlaced, input);
  const n = width * height;

  if (colorType === 3) {
    // Without a PLTE Pillow still opens it, as `P` with its default palette: index i is gray (i, i, i).
    const palette = chunks.plte ?? GRAY_PALETTE;
    return { data: samples as Uint8Array, width, height, channels: 1, mode: 'P', palette };
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

const GRAY_PALETTE = Uint8Array.from({ length: 768 }, (_, i) => Math.floor(i / 3));

interface Chunks {
  ihdr: Uint8Array;
  plte?: Uint8Array;
  idat: Uint8Array;
}

/**
 * IHDR, PLTE and the concatenated IDATs, read as Pillow 9.4 reads them: every chunk before the image data must
 * pass its CRC (Pillow refuses the file otherwise; IDAT and later chunks are not checked), a repeated IHDR replaces
 * the first, unknown chunks are skipped, and an IDAT whose length runs past the end of the file holds what is
 * there (its zlib stream may well be complete). The IHDR in use is bounded by `maxPixels` here: readImageHeader
 * saw only the first.
 */
function readChunks(bytes: Uint8Array, input: string, maxPixels: number): Chunks {
  let ihdr: Uint8Array | undefined;
  let plte: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = u32(bytes, at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') idat.push(body);
    else if (idat.length > 0)
      break; // Pillow reads consecutive IDATs, then stops
    else {
      if (body.length < length || at + 12 + length > bytes.length) {
        throw new TruncatedImageError(input, `PNG ${type} chunk ends past the end of the file`);
      }
      if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32(bytes, at + 8 + length)) {
        throw new TruncatedImageError(input, `PNG ${type} chunk fails its CRC`);
      }
      if (type === 'IHDR') ihdr = body;
      else if (type === 'PLTE') plte = body.subarray(0, body.length - (body.length % 3));
      else if (type === 'IEND') break;
    }
    at += 12 + length;
  }
  if (!ihdr || ihdr.length < 13) throw new TruncatedImageError(input, 'PNG without an IHDR chunk');
  const width = u32(ihdr, 0);
  const height = u32(ihdr, 4);
  if (width === 0 || height === 0) throw new EmptyImageError(input, width, height);
  if (width * height > maxPixels) throw new ImageTooLargeError(input, width, height, maxPixels);
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
      // The zlib stream ended before the image was full (a cut stream failed to inflate): as Pillow, the rows
      // not reached stay 0.
      if (at + 1 + rowBytes > raw.length) return out;
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
