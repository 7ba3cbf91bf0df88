import sharp from 'sharp';
import { TruncatedImageError, UnsupportedFormatError } from '../errors.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';

export interface DecodeOptions {
  /** Refuse images with more pixels than this, judged from the header (default 89,478,485, as Pillow). */
  maxPixels?: number;
  /** Rotate/flip by the EXIF Orientation tag. Off by default: Pillow's `Image.open` and torchvision ignore it. */
  applyExifOrientation?: boolean;
  /** Names the input in error messages (a file name, a URL). */
  name?: string;
}

/**
 * Bytes → pixels with sharp (libvips: libjpeg-turbo/mozjpeg, libpng, libtiff, libwebp, cgif), in the layout that
 * matches what Pillow's decoders produce so `toRgb` can apply Pillow's conversions:
 * - `ignoreIcc`: Pillow does not colour-manage; without it sharp converts embedded profiles to sRGB.
 * - 16-bit gray comes back as 16-bit samples (Pillow's mode `I`, which `convert('RGB')` clamps, not scales).
 * - CMYK stays CMYK through the whole pipeline (libvips un-inverts Adobe JPEGs as Pillow's `CMYK;I` does);
 *   otherwise sharp converts it to sRGB with an ICC profile, which Pillow does not.
 * - `failOn: 'truncated'`: a cut-off file is an error, as in Pillow, rather than grey filler.
 */
export async function decodeWithSharp(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawPixels> {
  const input = options.name ?? '<bytes>';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = readImageHeader(bytes, input, maxPixels);
  const open = () =>
    sharp(bytes, {
      ignoreIcc: true,
      failOn: 'truncated',
      limitInputPixels: maxPixels,
      autoOrient: options.applyExifOrientation === true,
      // Only the first frame of a GIF/WebP animation, as Pillow's Image.open shows it.
      pages: 1,
    });
  try {
    const meta = await open().metadata();
    if (meta.space === 'cmyk') {
      const { data, info } = await open()
        .pipelineColourspace('cmyk')
        .toColourspace('cmyk')
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { data: asBytes(data), width: info.width, height: info.height, channels: 4, mode: 'CMYK' };
    }
    if (meta.depth === 'ushort' && meta.channels === 1) {
      const { data, info } = await open()
        .toColourspace('grey16')
        .raw({ depth: 'ushort' })
        .toBuffer({ resolveWithObject: true });
      const samples = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
      return { data: samples, width: info.width, height: info.height, channels: 1, mode: 'I' };
    }
    const { data, info } = await open().raw().toBuffer({ resolveWithObject: true });
    return { data: asBytes(data), width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw translateSharpError(error, input, header.format);
  }
}

function asBytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** sharp reports everything as a plain Error; map its messages onto our stable codes. */
function translateSharpError(error: unknown, input: string, format: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format|not a known file format|is not in a known format/i.test(message)) {
    return new UnsupportedFormatError(input, format, message);
  }
  return new TruncatedImageError(input, `${format} decoder: ${message.split('\n')[0]}`, { cause: error });
}
