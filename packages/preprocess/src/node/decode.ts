import { decodeBmp } from '../bmp-decoder.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';
import { type DecodeOptions, decodeWithSharp } from './sharp-decoder.js';

export type { DecodeOptions } from './sharp-decoder.js';

/** Any supported image's bytes → pixels, in Node: BMP by our own decoder, everything else by sharp. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawPixels> {
  const input = options.name ?? '<bytes>';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { format } = readImageHeader(bytes, input, maxPixels);
  if (format === 'bmp') return decodeBmp(bytes, input, maxPixels);
  return decodeWithSharp(bytes, options);
}
