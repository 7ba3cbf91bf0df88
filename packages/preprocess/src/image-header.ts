import { crc32 } from './crc32.js';
import {
  EmptyImageError,
  ImageTooLargeError,
  NotAnImageError,
  TruncatedImageError,
  UnsupportedFormatError,
} from './errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'tiff' | 'webp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Pillow's `Image.MAX_IMAGE_PIXELS`: beyond it Pillow warns, at twice it refuses. We refuse at it. */
export const DEFAULT_MAX_PIXELS = 89_478_485;

/**
 * Identifies the format from the magic bytes and reads the dimensions from the header alone, then applies the
 * pixel limit: a crafted 60000×60000 header is rejected before any decoder allocates for it. Every read is
 * bounds-checked (a short header is `E_TRUNCATED_IMAGE`) and every loop advances, so no input can hang here.
 */
export function readImageHeader(bytes: Uint8Array, input = '<bytes>', maxPixels = DEFAULT_MAX_PIXELS): ImageHeader {
  if (bytes.length === 0) throw new NotAnImageError(input, 'it is empty');
  const reader = new HeaderReader(bytes, input);
  const header = readDimensions(reader, input);
  if (header.width === 0 || header.height === 0) throw new EmptyImageError(input, header.width, header.height);
  if (header.width * header.height > maxPixels) {
    throw new ImageTooLargeError(input, header.width, header.height, maxPixels);
  }
  return header;
}

function readDimensions(r: HeaderReader, input: string): ImageHeader {
  const b = r.bytes;
  const ascii = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  const prefix = SIGNATURES.find(
    (sig) => b.length < sig.length && [...b].every((v, i) => sig[i] === '?' || sig.charCodeAt(i) === v),
  );
  if (prefix) throw new TruncatedImageError(input, `only ${b.length} bytes, too short for an image header`);
  if (b[0] === 0xff && b[1] === 0xd8) return jpeg(r);
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') {
    if (ascii(12, 4) !== 'IHDR') throw new TruncatedImageError(input, 'PNG without an IHDR chunk');
    // Pillow checks chunk CRCs too; a corrupt IHDR means the dimensions cannot be trusted.
    if (crc32(b.subarray(12, 29)) !== r.u32be(29)) throw new TruncatedImageError(input, 'PNG IHDR fails its CRC');
    return { format: 'png', width: r.u32be(16), height: r.u32be(20) };
  }
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return { format: 'gif', ...gifCanvas(r) };
  if (ascii(0, 2) === 'BM' && b.length >= 18) return bmp(r);
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return tiff(r);
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webp(r);
  const known = knownUnsupported(ascii(0, 16));
  if (known) throw new UnsupportedFormatError(input, known, 'no decoder for it is bundled');
  if (ascii(0, 5) === '%PDF-') throw new NotAnImageError(input, 'it is a PDF document');
  throw new NotAnImageError(input, 'no known image signature');
}

/**
 * Magic numbers (`?` = any byte): input shorter than one of these but matching its start is a truncated image,
 * not junk.
 */
const SIGNATURES = ['\xff\xd8\xff', '\x89PNG\r\n\x1a\n', 'GIF87a', 'GIF89a', 'II*\0', 'MM\0*', 'RIFF????WEBP'];

function knownUnsupported(head: string): string | undefined {
  if (head.slice(4, 8) === 'ftyp') return /avif|avis/.test(head.slice(8, 12)) ? 'AVIF' : 'HEIF/ISO-BMFF';
  if (head.startsWith('8BPS')) return 'Photoshop PSD';
  if (head.startsWith('\0\0\x01\0')) return 'ICO';
  if (head.startsWith('\xff\x0a') || head.slice(4, 8) === 'JXL ') return 'JPEG XL';
  if (head.startsWith('\0\0\0\x0cjP  ')) return 'JPEG 2000';
  return undefined;
}

/** Walks JPEG markers to the first start-of-frame; each step skips a length-prefixed segment, so it terminates. */
function jpeg(r: HeaderReader): ImageHeader {
  let at = 2;
  for (;;) {
    if (r.u8(at) !== 0xff) throw new TruncatedImageError(r.input, `JPEG marker expected at byte ${at}`);
    while (r.u8(at) === 0xff) at++; // fill bytes
    const marker = r.u8(at);
    at++;
    // Standalone markers (TEM, RSTn) carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda) throw new TruncatedImageError(r.input, 'JPEG has no frame header');
    const length = r.u16be(at);
    if (length < 2) throw new TruncatedImageError(r.input, `JPEG segment length ${length} at byte ${at}`);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf) {
        throw new UnsupportedFormatError(r.input, 'lossless JPEG', 'libjpeg (and Pillow) cannot decode it either');
      }
      return { format: 'jpeg', height: r.u16be(at + 3), width: r.u16be(at + 5) };
    }
    at += length;
  }
}

/**
 * A GIF's canvas as Pillow 9.4 sizes it: the logical screen, grown to cover the first frame where that frame
 * reaches beyond it (a 0×0 screen included, which some encoders write). Pillow's decompression-bomb check applies
 * to the grown size, and so does `maxPixels` here. With no image descriptor before the end, the screen alone.
 */
export function gifCanvas(r: HeaderReader): { width: number; height: number } {
  let width = r.u16le(6);
  let height = r.u16le(8);
  const flags = r.u8(10);
  let at = 13 + (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0);
  while (at < r.bytes.length) {
    const introducer = r.u8(at);
    if (introducer === 0x2c) {
      width = Math.max(width, r.u16le(at + 1) + r.u16le(at + 5));
      height = Math.max(height, r.u16le(at + 3) + r.u16le(at + 7));
      break;
    }
    if (introducer !== 0x21) break;
    at += 2;
    for (let n = r.u8(at); n !== 0; n = r.u8(at)) at += 1 + n;
    at++;
  }
  return { width, height };
}

function bmp(r: HeaderReader): ImageHeader {
  const dib = r.u32le(14);
  if (dib === 12) return { format: 'bmp', width: r.u16le(18), height: r.u16le(20) };
  // Negative height means top-down rows; the size is its magnitude.
  return { format: 'bmp', width: Math.abs(r.i32le(18)), height: Math.abs(r.i32le(22)) };
}

/** Reads tags 256/257 (ImageWidth/ImageLength) of the first IFD; the entries read are bounded by the bytes. */
function tiff(r: HeaderReader): ImageHeader {
  const little = r.u8(0) === 0x49;
  const u16 = (at: number) => (little ? r.u16le(at) : r.u16be(at));
  const u32 = (at: number) => (little ? r.u32le(at) : r.u32be(at));
  const ifd = u32(4);
  const count = u16(ifd);
  let width: number | undefined;
  let height: number | undefined;
  // Pillow reads entries until the count or the file runs out (a count past the end only warns), so do we.
  for (let i = 0; i < count && ifd + 14 + i * 12 <= r.bytes.length; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag !== 256 && tag !== 257) continue;
    const type = u16(entry + 2);
    const value = type === 3 ? u16(entry + 8) : u32(entry + 8);
    if (tag === 256) width = value;
    else height = value;
  }
  if (width === undefined || height === undefined) {
    throw new TruncatedImageError(r.input, 'TIFF directory has no ImageWidth/ImageLength');
  }
  return { format: 'tiff', width, height };
}

function webp(r: HeaderReader): ImageHeader {
  const chunk = String.fromCharCode(...r.bytes.subarray(12, 16));
  if (chunk === 'VP8X') return { format: 'webp', width: r.u24le(24) + 1, height: r.u24le(27) + 1 };
  if (chunk === 'VP8L') {
    const bits = r.u32le(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { format: 'webp', width: r.u16le(26) & 0x3fff, height: r.u16le(28) & 0x3fff };
  throw new TruncatedImageError(r.input, `unknown WebP chunk "${chunk}"`);
}

/** Bounds-checked reads: running off the end is a truncated header, never an out-of-range read. */
export class HeaderReader {
  constructor(
    readonly bytes: Uint8Array,
    readonly input: string,
  ) {}

  private need(at: number, n: number): void {
    if (at < 0 || at + n > this.bytes.length) {
      throw new TruncatedImageError(this.input, `header ends at byte ${this.bytes.length}, needed ${at + n}`);
    }
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.bytes[at]!;
  }
  u16le(at: number): number {
    this.need(at, 2);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }
  u16be(at: number): number {
    this.need(at, 2);
    return (this.bytes[at]! << 8) | this.bytes[at + 1]!;
  }
  u24le(at: number): number {
    this.need(at, 3);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8) | (this.bytes[at + 2]! << 16);
  }
  u32le(at: number): number {
    this.need(at, 4);
    return (this.u16le(at) + this.u16le(at + 2) * 0x10000) >>> 0;
  }
  u32be(at: number): number {
    this.need(at, 4);
    return (this.u16be(at) * 0x10000 + this.u16be(at + 2)) >>> 0;
  }
  i32le(at: number): number {
    return this.u32le(at) | 0;
  }
}
