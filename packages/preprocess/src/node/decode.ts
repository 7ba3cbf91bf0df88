import { decodeBmp } from '../bmp-decoder.js';
import { decodeGif } from '../browser/gif-decoder.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';
import { type DecodeOptions, decodeWithSharp } from './sharp-decoder.js';

export type { DecodeOptions } from './sharp-decoder.js';

/**
 * Any supported image's bytes → pixels, in Node: BMP and GIF by our own decoders, everything else by sharp.
 * GIF: libvips zeroes the colour of the transparent palette index, Pillow keeps the palette colour; our decoder
 * (shared with the browser entry) returns Pillow's `P` image. EXIF orientation does not exist in GIF or BMP.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawPixels> {
  const input = options.name ?? '<bytes>';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { format } = readImageHeader(bytes, input, maxPixels);
  if (format === 'bmp') return decodeBmp(bytes, input, maxPixels);
  if (format === 'gif') return decodeGif(bytes, input);
  return decodeWithSharp(bytes, options);
}
