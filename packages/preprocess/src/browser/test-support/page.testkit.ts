/// <reference lib="dom" />
/**
 * The browser test page's script: runs `@swsl/preprocess/browser` on corpus files served by the test and compares
 * each crop and tensor with Pillow's `.npy` files in the page, so only a verdict per image crosses into Node.
 */
import type { PreprocessSpec } from '@swsl/registry';
import { decodeImage, preprocess, preprocessPixels } from '../index.js';

export interface PageCase {
  /** URL of the image; Pillow's answers are at `${url}.crop.npy` and `${url}.tensor.npy`. */
  url: string;
  spec: PreprocessSpec;
  applyExifOrientation?: boolean;
}

export interface PageVerdict {
  url: string;
  differingBytes: number;
  maxByteDiff: number;
  maxTensorDiff: number;
  error?: string;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The data of a little-endian `.npy` (uint8 or float32; the header says which). */
function npyData(bytes: Uint8Array): Uint8Array | Float32Array {
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  const body = bytes.slice(10 + headerLength);
  return header.includes("'<f4'") ? new Float32Array(body.buffer) : body;
}

/**
 * The browser entry as it was before it decoded PNG/GIF/TIFF itself and neutralised EXIF orientation: everything
 * through `createImageBitmap` and a 2D canvas. Kept to show what the test catches.
 */
async function canvasOnly(blob: Blob, spec: PreprocessSpec) {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' })!;
  context.drawImage(bitmap, 0, 0);
  const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  return preprocessPixels({ data: image.data, width: image.width, height: image.height, channels: 4 }, { spec });
}

async function check(c: PageCase, legacy = false): Promise<PageVerdict> {
  const verdict: PageVerdict = { url: c.url, differingBytes: 0, maxByteDiff: 0, maxTensorDiff: 0 };
  try {
    const [image, crop, tensor] = await Promise.all(
      [c.url, `${c.url}.crop.npy`, `${c.url}.tensor.npy`].map(fetchBytes),
    );
    const blob = new Blob([image as Uint8Array<ArrayBuffer>]);
    const ours = legacy
      ? await canvasOnly(blob, c.spec)
      : await preprocess(blob, { spec: c.spec, applyExifOrientation: c.applyExifOrientation });
    const expectedCrop = npyData(crop as Uint8Array);
    const expectedTensor = npyData(tensor as Uint8Array);
    const mine = ours.crops[0]!;
    if (mine.length !== expectedCrop.length)
      throw new Error(`crop ${mine.length} bytes, Pillow's ${expectedCrop.length}`);
    for (let i = 0; i < mine.length; i++) {
      const d = Math.abs(mine[i]! - expectedCrop[i]!);
      if (d) verdict.differingBytes++;
      if (d > verdict.maxByteDiff) verdict.maxByteDiff = d;
    }
    for (let i = 0; i < expectedTensor.length; i++) {
      verdict.maxTensorDiff = Math.max(verdict.maxTensorDiff, Math.abs(ours.data[i]! - expectedTensor[i]!));
    }
  } catch (error) {
    verdict.error = `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`.trim();
  }
  return verdict;
}

/** Each case in turn (one decode at a time, as an application would). */
async function checkAll(cases: PageCase[], legacy = false): Promise<PageVerdict[]> {
  const out: PageVerdict[] = [];
  for (const c of cases) out.push(await check(c, legacy));
  return out;
}

/** What the browser itself makes of a file: the size `createImageBitmap` reports with default orientation. */
async function bitmapSize(url: string): Promise<[number, number]> {
  const bitmap = await createImageBitmap(new Blob([(await fetchBytes(url)) as Uint8Array<ArrayBuffer>]));
  const size: [number, number] = [bitmap.width, bitmap.height];
  bitmap.close();
  return size;
}

/** Median ms to decode each file with the browser entry and with createImageBitmap + 2D canvas (for the README). */
async function decodeTimes(urls: string[], rounds: number): Promise<{ url: string; ours: number; canvas: number }[]> {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const out = [];
  for (const url of urls) {
    const bytes = await fetchBytes(url);
    const ours: number[] = [];
    const canvas: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await decodeImage(bytes);
      ours.push(performance.now() - t);
      t = performance.now();
      const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
        premultiplyAlpha: 'none',
      }).catch(() => undefined);
      if (!bitmap) {
        canvas.push(Number.NaN); // Chromium cannot decode it (TIFF)
        continue;
      }
      const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true })!;
      context.drawImage(bitmap, 0, 0);
      context.getImageData(0, 0, bitmap.width, bitmap.height);
      bitmap.close();
      canvas.push(performance.now() - t);
    }
    out.push({ url, ours: median(ours), canvas: median(canvas) });
  }
  return out;
}

const testkit = { checkAll, bitmapSize, decodeTimes };
export type PreprocessTestkit = typeof testkit;
Object.assign(globalThis, { testkit });
