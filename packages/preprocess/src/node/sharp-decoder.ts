import { importOptional } from '@swsl/registry';
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

let sharpModule: Promise<typeof import('sharp')> | undefined;

/**
 * sharp is an optional peer of @swsl/preprocess (the browser entry never needs it; @swsl/runtime-node and
 * @swsl/cli depend on it): loaded on the first decode, and where it is missing, `E_MISSING_DEPENDENCY` says to install
 * it instead of Node's `ERR_MODULE_NOT_FOUND` at import time.
 */
async function loadSharp(): Promise<typeof import('sharp')['default']> {
  sharpModule ??= importOptional(() => import('sharp'), 'sharp', '@swsl/preprocess/node (image decoding)');
  try {
    return (await sharpModule).default;
  } catch (error) {
    sharpModule = undefined; // installed later in this process: the next call tries again
    throw error;
  }
}

/**
 * Loads sharp now, so the first decode starts at once (a decode worker calls it as its thread starts). A missing
 * sharp is not reported here: the first decode reports it, with its typed error.
 */
export function preloadSharp(): Promise<void> {
  return loadSharp().then(
    () => {},
    () => {},
  );
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
  const sharp = await loadSharp();
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
    // JPEG and PNG headers say whether the image is CMYK / 16-bit gray; only other formats pay for a metadata call.
    const meta = knownLayout(bytes, header.format) ?? (await open().metadata());
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

/**
 * The two facts the decode path needs, read from JPEG/PNG headers: CMYK (a 4-component JPEG frame) and 16-bit
 * gray (PNG colour type 0 at depth 16). `undefined` for other formats, which ask sharp.
 */
function knownLayout(
  bytes: Uint8Array,
  format: string,
): { space: string; depth: string; channels: number } | undefined {
  if (format === 'png') {
    const gray16 = bytes[24] === 16 && bytes[25] === 0;
    return { space: gray16 ? 'grey16' : 'srgb', depth: gray16 ? 'ushort' : 'uchar', channels: gray16 ? 1 : 3 };
  }
  if (format === 'jpeg') {
    const components = jpegComponents(bytes);
    if (components === undefined) return undefined;
    return { space: components === 4 ? 'cmyk' : 'srgb', depth: 'uchar', channels: components };
  }
  return undefined;
}

/** Number of components in the first JPEG frame header (the header was validated by readImageHeader). */
function jpegComponents(bytes: Uint8Array): number | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes[at + 9];
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return undefined;
}

function asBytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** sharp reports everything as a plain Error; map its messages onto our stable codes. */
function translateSharpError(error: unknown, input: string, format: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  // Our header already recognised the format: libvips calls a TIFF whose directory libtiff cannot read (cut, or an
  // entry count running past the end) "unsupported", but it is a corrupt file.
  if (format !== 'tiff' && /unsupported image format|not a known file format|is not in a known format/i.test(message)) {
    return new UnsupportedFormatError(input, format, message);
  }
  return new TruncatedImageError(input, `${format} decoder: ${message.split('\n')[0]}`, { cause: error });
}
