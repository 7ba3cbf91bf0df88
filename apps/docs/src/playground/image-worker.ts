/// <reference lib="webworker" />
/**
 * The playground's image worker: decodes an image with Pillow's pixels, makes the 224×224 crop the model sees and
 * finds where it differs from what the browser shows (EXIF orientation, transparency). Off the main thread, since a
 * phone photo's decode and resize take far longer than a frame.
 */
import { cropPixels, decodeImage, findOrientation, readImageHeader, toRgb } from '@swsl/preprocess/browser';
import { IMAGENET_EVAL_PREPROCESSING, type PreprocessSpec } from '@swsl/registry';
import type { ImageFacts } from './image-facts.js';
import { transparencyFact } from './image-facts.js';

export interface ImageJob {
  readonly id: number;
  readonly image: Blob;
  readonly name: string;
  readonly spec?: PreprocessSpec;
}

export type ImageReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly crop: Uint8Array;
      readonly cropSize: number;
      readonly width: number;
      readonly height: number;
      readonly facts: ImageFacts;
      readonly timings: { readonly decode: number; readonly preprocess: number };
    }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };

/** Formats that can carry alpha; JPEG cannot, so it skips the second (browser) decode. */
const MAY_HAVE_ALPHA = new Set(['png', 'gif', 'webp', 'tiff', 'bmp']);

/** The browser's own RGBA of the image, as it displays it (un-premultiplied), or undefined if it cannot decode it. */
async function displayedRgba(image: Blob): Promise<Uint8ClampedArray | undefined> {
  try {
    const bitmap = await createImageBitmap(image, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context?.drawImage(bitmap, 0, 0);
    bitmap.close();
    return context?.getImageData(0, 0, canvas.width, canvas.height).data;
  } catch {
    return undefined;
  }
}

async function analyze(job: ImageJob): Promise<ImageReply> {
  const bytes = new Uint8Array(await job.image.arrayBuffer());
  const started = performance.now();
  const pixels = await decodeImage(bytes, { name: job.name });
  const decoded = performance.now();
  const crop = cropPixels(pixels, job.spec ?? IMAGENET_EVAL_PREPROCESSING, job.name);
  const preprocessed = performance.now();

  const { format } = readImageHeader(bytes, job.name);
  const orientation = findOrientation(bytes, format)?.value;
  let facts: ImageFacts = orientation && orientation >= 2 && orientation <= 8 ? { orientation } : {};
  // The browser turns an image by its EXIF tag, so pixel i would no longer match: alpha plus a tag is rare, skip it.
  if (MAY_HAVE_ALPHA.has(format) && !facts.orientation) {
    const displayed = await displayedRgba(job.image);
    const transparency =
      displayed && displayed.length === pixels.width * pixels.height * 4
        ? transparencyFact(displayed, toRgb(pixels, job.name))
        : undefined;
    if (transparency) facts = { ...facts, transparency };
  }
  const cropSize = (job.spec ?? IMAGENET_EVAL_PREPROCESSING).cropSize;
  return {
    id: job.id,
    ok: true,
    crop,
    cropSize,
    width: pixels.width,
    height: pixels.height,
    facts,
    timings: { decode: decoded - started, preprocess: preprocessed - decoded },
  };
}

self.onmessage = async (event: MessageEvent<ImageJob>) => {
  const job = event.data;
  let reply: ImageReply;
  try {
    reply = await analyze(job);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    reply = {
      id: job.id,
      ok: false,
      code: typeof code === 'string' ? code : (error as Error).name || 'Error',
      message: (error as Error).message ?? String(error),
    };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, reply.ok ? [reply.crop.buffer] : []);
};
