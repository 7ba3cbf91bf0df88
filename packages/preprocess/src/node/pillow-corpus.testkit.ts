import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '@swsl/reference';
import type { PreprocessSpec } from '@swsl/registry';
import { preprocess } from './index.js';

/** One row of the oracle's `image-corpus` manifest (tools/reference/py/image_corpus.py). */
export interface CorpusEntry {
  file: string;
  format: string;
  mode: string;
  width: number;
  height: number;
  lossless: boolean;
  spec: PreprocessSpec;
  /** Pillow applied `ImageOps.exif_transpose` before its transform: decode with `applyExifOrientation: true`. */
  applyExifOrientation?: boolean;
}

export function readCorpusManifest(dir: string): CorpusEntry[] {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { entries: CorpusEntry[] }).entries;
}

export interface CorpusResult {
  /** Crop bytes that differ from Pillow's. */
  differingBytes: number;
  maxByteDiff: number;
  maxTensorDiff: number;
}

/** Runs our Node pipeline on one corpus file and compares with the crop and tensor Pillow/torchvision wrote. */
export async function compareWithPillow(dir: string, entry: CorpusEntry): Promise<CorpusResult> {
  const path = join(dir, entry.file);
  const ours = await preprocess(path, { spec: entry.spec, applyExifOrientation: entry.applyExifOrientation });
  const crop = readNpy(readFileSync(`${path}.crop.npy`)).data as Uint8Array;
  const tensor = readNpy(readFileSync(`${path}.tensor.npy`)).data as Float32Array;
  const mine = ours.crops[0]!;
  if (mine.length !== crop.length)
    throw new Error(`${entry.file}: crop has ${mine.length} bytes, Pillow's ${crop.length}`);
  let differingBytes = 0;
  let maxByteDiff = 0;
  for (let i = 0; i < crop.length; i++) {
    const d = Math.abs(mine[i]! - crop[i]!);
    if (d) differingBytes++;
    if (d > maxByteDiff) maxByteDiff = d;
  }
  let maxTensorDiff = 0;
  for (let i = 0; i < tensor.length; i++) maxTensorDiff = Math.max(maxTensorDiff, Math.abs(ours.data[i]! - tensor[i]!));
  return { differingBytes, maxByteDiff, maxTensorDiff };
}
