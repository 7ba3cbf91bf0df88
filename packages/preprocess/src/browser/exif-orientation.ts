import type { ImageFormat } from '../image-header.js';

/**
 * The EXIF Orientation tag (274) of an image, and where its value sits in the bytes.
 *
 * Why: Chromium's `createImageBitmap` applies it (the spec's `imageOrientation` only offers 'from-image' and
 * 'flipY' now), Pillow's `Image.open` does not. Rather than undoing the browser's rotation afterwards — which
 * would need to guess whether a given browser rotated — `withoutOrientation` hands the decoder a copy whose tag
 * says 1 (two bytes changed; JPEG, RIFF and TIFF carry no checksum over them), so every browser decodes the stored
 * pixels as Pillow does. `applyExifOrientation: true` then rotates them itself (`orientPixels`), the same way for
 * every format, as Pillow's `ImageOps.exif_transpose` does.
 */
export interface OrientationTag {
  /** 1–8 (anything else is treated as 1). */
  value: number;
  /** Byte offset of the tag's 16-bit value in the file, and its byte order. */
  offset: number;
  littleEndian: boolean;
}

export function findOrientation(bytes: Uint8Array, format: ImageFormat): OrientationTag | undefined {
  try {
    if (format === 'jpeg') return jpegOrientation(bytes);
    if (format === 'webp') return riffOrientation(bytes);
    if (format === 'png') return pngOrientation(bytes);
    if (format === 'tiff') return tiffOrientation(bytes, 0);
  } catch {
    // A malformed EXIF block is ignored, as Pillow ignores it on open; the decoder judges the image itself.
  }
  return undefined;
}

/** A copy of `bytes` whose Orientation tag reads 1, or `bytes` itself when there is nothing to neutralise. */
export function withoutOrientation(bytes: Uint8Array, tag: OrientationTag | undefined): Uint8Array {
  if (!tag || tag.value === 1) return bytes;
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(tag.offset, 1, tag.littleEndian);
  return copy;
}

/** JPEG: the first APP1 segment that starts with `Exif\0\0`, before the first scan. */
function jpegOrientation(b: Uint8Array): OrientationTag | undefined {
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (marker === 0xe1 && ascii(b, at + 4, 6) === 'Exif\0\0') return tiffOrientation(b, at + 10, at + 2 + length);
    at += 2 + length;
  }
  return undefined;
}

/** WebP: the `EXIF` chunk of an extended (VP8X) file; its payload is a TIFF block, sometimes after `Exif\0\0`. */
function riffOrientation(b: Uint8Array): OrientationTag | undefined {
  let at = 12;
  while (at + 8 <= b.length) {
    const size = u32le(b, at + 4);
    if (ascii(b, at, 4) === 'EXIF') {
      const start = ascii(b, at + 8, 6) === 'Exif\0\0' ? at + 14 : at + 8;
      return tiffOrientation(b, start, at + 8 + size);
    }
    at += 8 + size + (size & 1);
  }
  return undefined;
}

/** PNG: the `eXIf` chunk (a TIFF block), which Pillow's exif_transpose reads too. */
function pngOrientation(b: Uint8Array): OrientationTag | undefined {
  let at = 8;
  while (at + 8 <= b.length) {
    const size = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (type === 'eXIf') return tiffOrientation(b, at + 8, at + 8 + size);
    if (type === 'IDAT' || type === 'IEND') return undefined;
    at += 12 + size;
  }
  return undefined;
}

/** Tag 274 in IFD0 of the TIFF structure at `base` (offsets inside it are relative to `base`). */
function tiffOrientation(b: Uint8Array, base: number, end = b.length): OrientationTag | undefined {
  const order = ascii(b, base, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ifd = base + view.getUint32(base + 4, le);
  const count = view.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return undefined;
    if (view.getUint16(entry, le) !== 274) continue;
    if (view.getUint16(entry + 2, le) !== 3) return undefined; // SHORT, as the standard says
    return { value: view.getUint16(entry + 8, le), offset: entry + 8, littleEndian: le };
  }
  return undefined;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}
function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
function u32be(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
