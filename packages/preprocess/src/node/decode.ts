import { decodeBmp } from '../bmp-decoder.js';
import { findOrientation } from '../browser/exif-orientation.js';
import { decodeGif } from '../browser/gif-decoder.js';
import { orientPixels } from '../browser/orient-pixels.js';
import { decodePngAsync } from '../browser/png-decoder.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';
import { checkTiffStrips } from '../tiff-strips.js';
import { type DecodeOptions, decodeWithSharp } from './sharp-decoder.js';

export type { DecodeOptions } from './sharp-decoder.js';

/**
 * Any supported image's bytes → pixels, in Node: PNG, GIF and BMP by our own decoders (shared with the browser
 * entry), JPEG, WebP and TIFF by sharp.
 * GIF: libvips zeroes the colour of the transparent palette index, Pillow keeps the palette colour; our decoder
 * returns Pillow's `P` image. PNG: libpng refuses files Pillow opens (a repeated IHDR, a palette image without
 * PLTE, an unknown critical chunk, an IDAT longer than the file, a stream that ends before the last row) and opens
 * one Pillow refuses (an ancillary chunk failing its CRC); ours follows Pillow, inflating with Node's zlib (through
 * `DecompressionStream`) and never past the size the IHDR implies. EXIF orientation does not exist in GIF or BMP;
 * a PNG's `eXIf` is applied here on request, as sharp's `autoOrient` does for the others.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawPixels> {
  const input = options.name ?? '<bytes>';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { format } = readImageHeader(bytes, input, maxPixels);
  if (format === 'bmp') return decodeBmp(bytes, input, maxPixels);
  if (format === 'gif') return decodeGif(bytes, input, maxPixels);
  if (format === 'png') {
    const pixels = await decodePngAsync(bytes, input, maxPixels, { native: 'always' });
    const orientation = options.applyExifOrientation ? findOrientation(bytes, 'png') : undefined;
    return orientation ? orientPixels(pixels, orientation.value) : pixels;
  }
  if (format === 'tiff') checkTiffStrips(bytes, input);
  return decodeWithSharp(bytes, options);
}
