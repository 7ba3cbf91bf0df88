/// <reference lib="dom" />
/**
 * The browser test page's script: runs `@swsl/preprocess/browser` on corpus files served by the test and compares
 * each crop and tensor with Pillow's `.npy` files in the page, so only a verdict per image crosses into Node.
 */
import type { PreprocessSpec } from '@swsl/registry';
import { preprocess } from '../index.js';

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

async function check(c: PageCase): Promise<PageVerdict> {
  const verdict: PageVerdict = { url: c.url, differingBytes: 0, maxByteDiff: 0, maxTensorDiff: 0 };
  try {
    const [image, crop, tensor] = await Promise.all(
      [c.url, `${c.url}.crop.npy`, `${c.url}.tensor.npy`].map(fetchBytes),
    );
    const ours = await preprocess(new Blob([image as Uint8Array<ArrayBuffer>]), {
      spec: c.spec,
      applyExifOrientation: c.applyExifOrientation,
    });
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
async function checkAll(cases: PageCase[]): Promise<PageVerdict[]> {
  const out: PageVerdict[] = [];
  for (const c of cases) out.push(await check(c));
  return out;
}

/** What the browser itself makes of a file: the size `createImageBitmap` reports with default orientation. */
async function bitmapSize(url: string): Promise<[number, number]> {
  const bitmap = await createImageBitmap(new Blob([(await fetchBytes(url)) as Uint8Array<ArrayBuffer>]));
  const size: [number, number] = [bitmap.width, bitmap.height];
  bitmap.close();
  return size;
}

const testkit = { checkAll, bitmapSize };
export type PreprocessTestkit = typeof testkit;
Object.assign(globalThis, { testkit });
