/// <reference lib="dom" />
/**
 * @swsl/preprocess/browser — images → the model's input tensor in the browser, decoding with the browser's own
 * decoders (`createImageBitmap`, no colour management) and BMP with ours. Nothing here touches Node.
 */
import { decodeBmp } from '../bmp-decoder.js';
import { TruncatedImageError } from '../errors.js';
import { DEFAULT_MAX_PIXELS, readImageHeader } from '../image-header.js';
import type { RawPixels } from '../pixels.js';
import type { PixelOptions, PreprocessedBatch } from '../preprocess.js';
import { TensorBatch } from '../preprocess.js';

export * from '../index.js';

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
  /** Names the input in error messages. */
  name?: string;
}

export interface PreprocessOptions extends PixelOptions, Omit<BrowserDecodeOptions, 'name'> {}

/** Anything image-like → 8-bit pixels (RGBA from canvas sources). */
export async function decodeImage(input: BrowserImageInput, options: BrowserDecodeOptions = {}): Promise<RawPixels> {
  const name = options.name ?? '<image>';
  if (isRawPixels(input)) return input;
  if (typeof ImageData !== 'undefined' && input instanceof ImageData) {
    return { data: input.data, width: input.width, height: input.height, channels: 4 };
  }
  if (input instanceof Blob || input instanceof ArrayBuffer || input instanceof Uint8Array) {
    const bytes =
      input instanceof Uint8Array ? input : new Uint8Array(input instanceof Blob ? await input.arrayBuffer() : input);
    const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    const { format } = readImageHeader(bytes, name, maxPixels);
    if (format === 'bmp') return decodeBmp(bytes, name, maxPixels);
    let bitmap: ImageBitmap;
    try {
      // No colour management: Pillow does none, and an ICC-converted image is not what the model was trained on.
      bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      });
    } catch (error) {
      throw new TruncatedImageError(name, `the browser could not decode this ${format}`, { cause: error });
    }
    try {
      return drawablePixels(bitmap, bitmap.width, bitmap.height);
    } finally {
      bitmap.close();
    }
  }
  const source = input as Exclude<BrowserImageInput, ImageData | RawPixels | Blob | ArrayBuffer | Uint8Array>;
  const width = 'naturalWidth' in source ? source.naturalWidth : source.width;
  const height = 'naturalHeight' in source ? source.naturalHeight : source.height;
  return drawablePixels(source, width, height);
}

/** Draws a decoded image onto a 2D canvas and reads its RGBA bytes back. */
function drawablePixels(source: CanvasImageSource, width: number, height: number): RawPixels {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!context) throw new Error('no 2D canvas context available');
  context.drawImage(source, 0, 0);
  const image = context.getImageData(0, 0, width, height);
  return { data: image.data, width, height, channels: 4 };
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
