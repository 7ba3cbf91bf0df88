/// <reference lib="dom" />
/**
 * @swsl/preprocess/browser — images → the model's input tensor in the browser, with Pillow's pixels: JPEG and WebP
 * by the browser's decoders (no colour management, EXIF orientation neutralised, WebP alpha read unpremultiplied),
 * PNG, GIF, TIFF and BMP by our JavaScript decoders (see each decoder for why). Nothing here touches Node.
 *
 * @packageDocumentation
 */
import { decodeBmp } from '../bmp-decoder.js';
import { TruncatedImageError } from '../errors.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';
import type { PixelOptions, PreprocessedBatch } from '../preprocess.js';
import { TensorBatch } from '../preprocess.js';
import { decodeWithBrowser, drawablePixels } from './browser-decoder.js';
import { findOrientation, withoutOrientation } from './exif-orientation.js';
import { decodeGif } from './gif-decoder.js';
import { orientPixels } from './orient-pixels.js';
import { decodePngAsync } from './png-decoder.js';

export * from '../index.js';
// The playground says when a photo's EXIF orientation makes what the browser shows differ from what the model gets.
export { findOrientation, type OrientationTag } from './exif-orientation.js';

export type BrowserImageInput =
  | Blob
  | ArrayBuffer
  | Uint8Array
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | RawPixels;

export interface BrowserDecodeOptions {
  /** Refuse images with more pixels than this, judged from the header (default 89,478,485, as Pillow). */
  maxPixels?: number;
  /**
   * Rotate/flip by the EXIF Orientation tag (JPEG APP1, WebP EXIF, PNG eXIf, TIFF). Off by default: Pillow's
   * `Image.open` and torchvision ignore it. Applies to encoded bytes only (an `<img>` or bitmap is already decoded).
   */
  applyExifOrientation?: boolean;
  /** Names the input in error messages. */
  name?: string;
}

export interface PreprocessOptions extends PixelOptions, Omit<BrowserDecodeOptions, 'name'> {}

/**
 * Anything image-like → pixels in the layout Pillow's decoder would give (RGBA from canvas-like sources). Encoded
 * bytes get Pillow's pixels; already-decoded sources (`<img>`, canvas, ImageBitmap) are read back through a 2D
 * canvas, so their EXIF orientation and alpha-covered colours are whatever the browser made of them.
 */
export async function decodeImage(input: BrowserImageInput, options: BrowserDecodeOptions = {}): Promise<RawPixels> {
  const name = options.name ?? '<image>';
  if (isRawPixels(input)) return input;
  if (typeof ImageData !== 'undefined' && input instanceof ImageData) {
    return { data: input.data, width: input.width, height: input.height, channels: 4 };
  }
  if (input instanceof Blob || input instanceof ArrayBuffer || input instanceof Uint8Array) {
    const bytes =
      input instanceof Uint8Array ? input : new Uint8Array(input instanceof Blob ? await input.arrayBuffer() : input);
    return decodeBytes(bytes, name, options);
  }
  const source = input as Exclude<BrowserImageInput, ImageData | RawPixels | Blob | ArrayBuffer | Uint8Array>;
  const width = 'naturalWidth' in source ? source.naturalWidth : source.width;
  const height = 'naturalHeight' in source ? source.naturalHeight : source.height;
  return drawablePixels(source, width, height);
}

async function decodeBytes(bytes: Uint8Array, name: string, options: BrowserDecodeOptions): Promise<RawPixels> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { format } = readImageHeader(bytes, name, maxPixels);
  const orientation = findOrientation(bytes, format);
  let pixels: RawPixels;
  try {
    switch (format) {
      case 'bmp':
        pixels = decodeBmp(bytes, name, maxPixels);
        break;
      case 'png':
        pixels = await decodePngAsync(bytes, name);
        break;
      case 'gif':
        pixels = decodeGif(bytes, name, maxPixels);
        break;
      case 'tiff': {
        // Loaded on first use: utif2 is ≈108 KB minified (5× everything else here), and TIFF is rare on the web.
        const { decodeTiff } = await import('./tiff-decoder.js');
        pixels = decodeTiff(bytes, name);
        break;
      }
      default:
        // The browser would rotate by the tag; it gets bytes whose tag says 1, so it returns the stored pixels.
        pixels = await decodeWithBrowser(withoutOrientation(bytes, orientation), format, name);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    throw new TruncatedImageError(name, `${format} decoder: ${(error as Error).message}`, { cause: error });
  }
  return options.applyExifOrientation && orientation ? orientPixels(pixels, orientation.value) : pixels;
}

function isRawPixels(input: BrowserImageInput): input is RawPixels {
  return typeof input === 'object' && 'data' in input && 'channels' in input && !(input instanceof ImageData);
}

/** Images → one `[N, 3, crop, crop]` float32 tensor (plus the uint8 crops), decoded and written one at a time. */
export async function preprocessBatch(
  inputs: readonly BrowserImageInput[],
  options: PreprocessOptions = {},
): Promise<PreprocessedBatch> {
  const batch = new TensorBatch(inputs.length, options.spec);
  for (const [i, input] of inputs.entries()) batch.set(i, await decodeImage(input, options));
  return batch.result();
}

/** One image → `[1, 3, crop, crop]`. */
export function preprocess(input: BrowserImageInput, options: PreprocessOptions = {}): Promise<PreprocessedBatch> {
  return preprocessBatch([input], options);
}
