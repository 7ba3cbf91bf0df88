import { readFileSync } from 'node:fs';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { fixturePath } from '@swsl/reference';
import sharp from 'sharp';

/**
 * Malformed images built at test time from small valid seeds (sharp encodes them; BMP and GIF are written here so
 * their fields sit at known offsets): each one a single defect a real file can have — a chunk or block repeated,
 * missing or cut, a checksum or length that lies, a screen of zero size. `malformed-images.test.ts` asks Pillow
 * (the oracle) and swsl what they make of each.
 */
export interface MalformedImage {
  /** File name, with the extension the format's files carry. */
  name: string;
  bytes: Uint8Array;
}

const u16le = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const u32be = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function patched(bytes: Uint8Array, at: number, values: number[]): Uint8Array {
  const out = new Uint8Array(bytes);
  out.set(values, at);
  return out;
}

/** A PNG chunk with a correct CRC (or the given wrong one). */
export function pngChunk(type: string, body: ArrayLike<number>, crc?: number): Uint8Array {
  const typed = concat(ascii(type), body);
  return concat(u32be(body.length), typed, u32be(crc ?? crc32(typed)));
}

interface PngChunkAt {
  type: string;
  at: number;
  length: number;
}

export function pngChunks(png: Uint8Array): PngChunkAt[] {
  const out: PngChunkAt[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    out.push({ type: String.fromCharCode(...png.subarray(at + 4, at + 8)), at, length });
    at += 12 + length;
  }
  return out;
}

function pngChunk1(png: Uint8Array, type: string): PngChunkAt {
  const chunk = pngChunks(png).find((c) => c.type === type);
  if (!chunk) throw new Error(`seed PNG has no ${type}`);
  return chunk;
}

/** The PNG with `insert` placed before the chunk of `type` (its first occurrence). */
function pngInsertBefore(png: Uint8Array, type: string, insert: Uint8Array): Uint8Array {
  const { at } = pngChunk1(png, type);
  return concat(png.subarray(0, at), insert, png.subarray(at));
}

function pngWithout(png: Uint8Array, type: string): Uint8Array {
  const { at, length } = pngChunk1(png, type);
  return concat(png.subarray(0, at), png.subarray(at + 12 + length));
}

/** A PNG whose single IDAT carries `zlib` (a correct CRC), everything else from the seed. */
function pngWithIdat(png: Uint8Array, zlib: Uint8Array): Uint8Array {
  const idats = pngChunks(png).filter((c) => c.type === 'IDAT');
  const first = idats[0]!;
  const last = idats.at(-1)!;
  return concat(png.subarray(0, first.at), pngChunk('IDAT', zlib), png.subarray(last.at + 12 + last.length));
}

function pngIdatData(png: Uint8Array): Uint8Array {
  return concat(
    ...pngChunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => png.subarray(c.at + 8, c.at + 8 + c.length)),
  );
}

/** `png` with IHDR bytes at `offset` (from the start of the file) replaced, and the IHDR's CRC made right again. */
function withIhdr(png: Uint8Array, offset: number, values: number[]): Uint8Array {
  const out = patched(png, offset, values);
  new DataView(out.buffer).setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

const withIhdrHeight = (png: Uint8Array, height: number) => withIhdr(png, 20, u32be(height));
/** IHDR's interlace method: 0 none, 1 Adam7; Pillow reads any other value as Adam7. */
const withInterlaceByte = (png: Uint8Array, value: number) => withIhdr(png, 28, [value]);

/** A GIF89a: `screen` logical size, one frame at (0,0) of `frame` size, 2-bit global palette, LZW pixels. */
export function gif(screen: [number, number], frame: [number, number], lzwData?: number[]): Uint8Array {
  const [fw, fh] = frame;
  const data =
    lzwData ??
    lzwEncode(
      Array.from({ length: fw * fh }, (_, i) => (i * 7 + (i >> 3)) & 3),
      2,
    );
  const blocks: number[] = [];
  for (let i = 0; i < data.length; i += 255) {
    const part = data.slice(i, i + 255);
    blocks.push(part.length, ...part);
  }
  return Uint8Array.from([
    ...ascii('GIF89a'),
    ...u16le(screen[0]),
    ...u16le(screen[1]),
    0x81, // global table of 4 entries
    0,
    0,
    ...[10, 20, 30, 200, 40, 50, 60, 220, 70, 240, 250, 5],
    0x2c,
    ...u16le(0),
    ...u16le(0),
    ...u16le(fw),
    ...u16le(fh),
    0,
    2,
    ...blocks,
    0,
    0x3b,
  ]);
}

/** Minimal GIF LZW encoder with a clear code before every code-width growth (simple, valid, not small). */
function lzwEncode(indices: number[], minCodeSize: number): number[] {
  const clear = 1 << minCodeSize;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const size = minCodeSize + 1;
  const emit = (code: number) => {
    acc |= code << bits;
    bits += size;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  // Every literal, with a clear code often enough that the table never grows past `size` bits.
  let sinceClear = 0;
  emit(clear);
  for (const index of indices) {
    if (sinceClear === (1 << size) - clear - 3) {
      emit(clear);
      sinceClear = 0;
    }
    emit(index);
    sinceClear++;
  }
  emit(clear + 1);
  if (bits > 0) out.push(acc & 0xff);
  return out;
}

/** A 24-bit (or 8-bit palette) BMP with a BITMAPINFOHEADER. */
export function bmp(width: number, height: number, bpp: 24 | 8 = 24): Uint8Array {
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const palette = bpp === 8 ? 256 * 4 : 0;
  const offset = 54 + palette;
  const out = new Uint8Array(offset + stride * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bpp, true);
  v.setUint32(34, stride * height, true);
  for (let i = 54; i < offset; i++) out[i] = (i * 13) & 0xff;
  for (let i = offset; i < out.length; i++) out[i] = (i * 7 + (i >> 5)) & 0xff;
  return out;
}

function tiffEntries(tiff: Uint8Array): Map<number, { at: number; type: number; count: number; value: number }> {
  const v = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49;
  const ifd = v.getUint32(4, little);
  const n = v.getUint16(ifd, little);
  const out = new Map<number, { at: number; type: number; count: number; value: number }>();
  for (let i = 0; i < n; i++) {
    const at = ifd + 2 + i * 12;
    const type = v.getUint16(at + 2, little);
    const value = type === 3 ? v.getUint16(at + 8, little) : v.getUint32(at + 8, little);
    out.set(v.getUint16(at, little), { at, type, count: v.getUint32(at + 4, little), value });
  }
  return out;
}

/** Offset of the first JPEG scan's entropy-coded data (just past the SOS segment). */
function jpegScanStart(jpeg: Uint8Array): number {
  for (let i = 2; i < jpeg.length - 3; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xda) return i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
  }
  throw new Error('no SOS');
}

export async function malformedImages(): Promise<MalformedImage[]> {
  const raw = { width: 64, height: 48, channels: 3 as const };
  const pixels = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + (i >> 7) * 5) % 251;
  const img = () => sharp(pixels, { raw });
  const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  const png = new Uint8Array(readFileSync(fixturePath('preprocess/rgb-40x41.png')));
  const palettePng = u8(await img().png({ palette: true, colours: 16 }).toBuffer());
  const jpeg = u8(await img().jpeg({ quality: 90 }).toBuffer());
  const webp = u8(await img().webp({ lossless: true }).toBuffer());
  const webpLossy = u8(await img().webp({ quality: 80 }).toBuffer());
  const tiffRaw = u8(await img().tiff({ compression: 'none' }).toBuffer());
  const tiffLzw = u8(await img().tiff({ compression: 'lzw' }).toBuffer());

  const out: MalformedImage[] = [];
  const add = (name: string, bytes: Uint8Array) => out.push({ name, bytes });

  // PNG
  const ihdr = pngChunk1(png, 'IHDR');
  const iend = pngChunk1(png, 'IEND');
  const idat = pngChunk1(png, 'IDAT');
  add('png-duplicate-ihdr.png', pngInsertBefore(png, 'IDAT', png.subarray(ihdr.at, ihdr.at + 25)));
  add('png-palette-without-plte.png', pngWithout(palettePng, 'PLTE'));
  add('png-without-iend.png', png.subarray(0, iend.at));
  add('png-iend-cut.png', png.subarray(0, iend.at + 6));
  add('png-trailing-garbage.png', concat(png, ascii('garbage after IEND')));
  add('png-cut-in-idat.png', png.subarray(0, idat.at + 8 + (idat.length >> 1)));
  add('png-idat-crc-bad.png', patched(png, idat.at + 8 + idat.length, [0, 0, 0, 0]));
  add('png-text-crc-bad.png', pngInsertBefore(png, 'IDAT', pngChunk('tEXt', ascii('Comment\0hi'), 0x12345678)));
  add('png-critical-unknown-chunk.png', pngInsertBefore(png, 'IDAT', pngChunk('ABCD', [1, 2, 3])));
  add('png-idat-length-past-end.png', patched(png, idat.at, u32be(0x7ffffff0)));
  add('png-plte-in-rgb-after-idat.png', pngInsertBefore(png, 'IEND', pngChunk('PLTE', [1, 2, 3])));
  const zlib = pngIdatData(png);
  add('png-adler-bad.png', pngWithIdat(png, patched(zlib, zlib.length - 4, [0, 0, 0, 0])));
  add('png-zlib-header-bad.png', pngWithIdat(png, patched(zlib, 0, [0x78, 0x00])));
  add('png-deflate-corrupt.png', pngWithIdat(png, patched(zlib, 2, [0xff, 0xff, 0xff])));
  add('png-idat-short-rows.png', withIhdrHeight(png, 60));
  add('png-idat-extra-rows.png', withIhdrHeight(png, 20));
  add('png-idat-empty.png', pngWithIdat(png, new Uint8Array(0)));
  // An interlace byte that is neither 0 nor 1, on rows stored plainly and on rows stored as Adam7 passes.
  add('png-interlace-byte-2.png', withInterlaceByte(png, 2));
  const adam7 = new Uint8Array(readFileSync(fixturePath('preprocess/palette-trns-interlaced-21x30.png')));
  add('png-interlace-byte-2-adam7.png', withInterlaceByte(adam7, 2));
  add(
    'png-bad-filter-type.png',
    pngWithIdat(
      png,
      deflateRows(zlib, (rows) => (rows[0] = 9)),
    ),
  );

  // GIF
  add('gif-valid-8x6.gif', gif([8, 6], [8, 6]));
  add('gif-screen-0-wide.gif', gif([0, 6], [8, 6]));
  add('gif-screen-0-high.gif', gif([8, 0], [8, 6]));
  add('gif-screen-0x0.gif', gif([0, 0], [8, 6]));
  add('gif-frame-larger-than-screen.gif', gif([4, 3], [8, 6]));
  add('gif-frame-smaller-than-screen.gif', gif([10, 9], [8, 6]));
  const g = gif([8, 6], [8, 6]);
  add('gif-without-trailer.gif', g.subarray(0, g.length - 1));
  add('gif-without-block-terminator.gif', g.subarray(0, g.length - 2));
  add('gif-cut-in-lzw.gif', g.subarray(0, g.length - 8));
  add('gif-lzw-ends-early.gif', gif([8, 6], [8, 6], [...lzwEncodePrefix(20)]));
  add('gif-garbage-after-frame.gif', concat(g.subarray(0, g.length - 1), [0x99, 1, 2, 3]));

  // BMP
  const b = bmp(10, 7);
  add('bmp-pixels-cut.bmp', b.subarray(0, b.length - 20));
  add('bmp-file-size-lies.bmp', patched(b, 2, [1, 0, 0, 0]));
  add('bmp-image-size-lies.bmp', patched(b, 34, [0xff, 0xff, 0xff, 0x7f]));
  add('bmp-planes-3.bmp', patched(b, 26, [3, 0]));
  add('bmp-header-size-20.bmp', patched(b, 14, [20, 0, 0, 0]));
  add('bmp-header-size-64.bmp', patched(b, 14, [64, 0, 0, 0]));
  add('bmp-data-offset-in-header.bmp', patched(b, 10, [10, 0, 0, 0]));
  const p8 = bmp(9, 5, 8);
  add('bmp-palette-1000-colours.bmp', patched(p8, 46, [0xe8, 3, 0, 0]));
  add('bmp-palette-cut.bmp', p8.subarray(0, 300));
  add('bmp-rle8-on-24-bit.bmp', patched(b, 30, [1, 0, 0, 0]));

  // TIFF
  const entries = tiffEntries(tiffRaw);
  const strips = entries.get(273)!;
  const counts = entries.get(279)!;
  add('tiff-pixels-cut.tiff', tiffRaw.subarray(0, strips.count === 1 ? strips.value + 1000 : tiffRaw.length - 500));
  add('tiff-strip-bytes-past-end.tiff', patched(tiffRaw, counts.at + 8, [0xff, 0xff, 0xff, 0x00]));
  add('tiff-strip-offset-past-end.tiff', patched(tiffRaw, strips.at + 8, [0xff, 0xff, 0xff, 0x00]));
  add('tiff-strip-bytes-short.tiff', patched(tiffRaw, counts.at + 8, [100, 0, 0, 0]));
  add('tiff-ifd-count-huge.tiff', patched(tiffRaw, ifdOffset(tiffRaw), [0xff, 0xff]));
  const lzwEntries = tiffEntries(tiffLzw);
  const lzwStrip = lzwEntries.get(273)!.value;
  add('tiff-lzw-corrupt.tiff', patched(tiffLzw, lzwStrip + 10, [0xff, 0xff, 0xff, 0xff]));
  add('tiff-lzw-cut.tiff', tiffLzw.subarray(0, lzwStrip + 200));
  add('tiff-bits-per-sample-3.tiff', patched(tiffRaw, entries.get(258)!.at + 4, [1, 0, 0, 0, 3, 0, 0, 0]));

  // JPEG
  const scan = jpegScanStart(jpeg);
  add('jpeg-cut-in-scan.jpg', jpeg.subarray(0, scan + ((jpeg.length - scan) >> 1)));
  add('jpeg-without-eoi.jpg', jpeg.subarray(0, jpeg.length - 2));
  add('jpeg-scan-corrupt.jpg', patched(jpeg, scan + 200, [0x13, 0x57, 0x9b, 0xdf, 0x24, 0x68]));
  add('jpeg-trailing-garbage.jpg', concat(jpeg, ascii('trailing bytes after EOI')));
  add('jpeg-dht-length-lies.jpg', jpegDhtBroken(jpeg));

  // WebP
  add('webp-cut.webp', webp.subarray(0, webp.length >> 1));
  add('webp-riff-size-larger.webp', patched(webp, 4, [0xff, 0xff, 0xff, 0x0f]));
  add('webp-riff-size-smaller.webp', patched(webp, 4, [20, 0, 0, 0]));
  add('webp-vp8l-corrupt.webp', patched(webp, 40, [0xff, 0x00, 0xff, 0x00, 0xff]));
  add('webp-lossy-cut.webp', webpLossy.subarray(0, webpLossy.length - 50));
  add('webp-lossy-corrupt.webp', patched(webpLossy, webpLossy.length - 60, [0xff, 0x00, 0xff, 0x00]));
  return out;
}

function ifdOffset(tiff: Uint8Array): number {
  return new DataView(tiff.buffer, tiff.byteOffset).getUint32(4, tiff[0] === 0x49);
}

/** The first `n` literal codes of a valid LZW stream of 2-bit indices, then its end code. */
function lzwEncodePrefix(n: number): number[] {
  return lzwEncode(
    Array.from({ length: n }, (_, i) => i & 3),
    2,
  );
}

/** Inflate the IDAT stream, let `edit` change the filtered rows, deflate it again. */
function deflateRows(zlib: Uint8Array, edit: (rows: Uint8Array) => void): Uint8Array {
  const rows = new Uint8Array(inflateSync(zlib));
  edit(rows);
  return new Uint8Array(deflateSync(rows));
}

/** The first DHT segment's length field raised past the segment's end. */
function jpegDhtBroken(jpeg: Uint8Array): Uint8Array {
  for (let i = 2; i < jpeg.length - 3; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xc4) return patched(jpeg, i + 2, [0x7f, 0xff]);
  }
  throw new Error('no DHT');
}
