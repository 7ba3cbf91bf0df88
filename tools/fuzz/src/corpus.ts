import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCheckpoint } from '@swsl/convert';
import sharp, { type Sharp } from 'sharp';
import { encodeBmp } from './bmp-encoder.js';
import {
  type Field,
  headerFields,
  jpegFields,
  pngFields,
  protobufFields,
  rangeFields,
  safetensorsFields,
  zipFields,
} from './fields.js';
import type { Format } from './formats.js';
import { pickleRange, type Repair } from './mutate.js';

/** A valid input the fuzzer starts from, with the fields worth aiming at and how to re-sign it after an edit. */
export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly fields: readonly Field[];
  readonly repair: Repair;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(ROOT, 'tools', 'reference', 'fixtures');
export const SAMPLES = join(ROOT, 'samples');

const read = (path: string) => new Uint8Array(readFileSync(path));

/** A small picture with structure in every channel (gradients and a diagonal), so decoders have real work to do. */
export function testPattern(width: number, height: number, channels: 3 | 4, salt = 0): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = (x * 255) / Math.max(1, width - 1);
      data[i + 1] = (y * 255) / Math.max(1, height - 1);
      data[i + 2] = ((x + y + salt) * 37) & 0xff;
      if (channels === 4) data[i + 3] = 255 - ((x * y) & 0x7f);
    }
  }
  return data;
}

async function imageSeeds(): Promise<Seed[]> {
  const [w, h] = [29, 19];
  const rgb = () => sharp(testPattern(w, h, 3), { raw: { width: w, height: h, channels: 3 } });
  const rgba = () => sharp(testPattern(w, h, 4, 5), { raw: { width: w, height: h, channels: 4 } });
  const png = async (name: string, image: Sharp): Promise<Seed> => {
    const bytes = new Uint8Array(await image.toBuffer());
    return { name, bytes, fields: pngFields(bytes), repair: 'png-crc' };
  };
  const generic = async (name: string, image: Sharp): Promise<Seed> => {
    const bytes = new Uint8Array(await image.toBuffer());
    return { name, bytes, fields: headerFields(bytes, 96), repair: 'none' };
  };
  const jpeg = (name: string, bytes: Uint8Array): Seed => ({ name, bytes, fields: jpegFields(bytes), repair: 'none' });
  const bmp = (name: string, bytes: Uint8Array): Seed => ({
    name,
    bytes,
    fields: headerFields(bytes, 80),
    repair: 'none',
  });
  return [
    jpeg('chelsea.jpg', read(join(SAMPLES, 'chelsea.jpg'))),
    jpeg('small.jpg', new Uint8Array(await rgb().jpeg({ quality: 80 }).toBuffer())),
    jpeg('progressive.jpg', new Uint8Array(await rgb().jpeg({ progressive: true }).toBuffer())),
    jpeg('gray.jpg', new Uint8Array(await rgb().grayscale().jpeg().toBuffer())),
    await png('rgb.png', rgb().png()),
    await png('rgba.png', rgba().png()),
    await png('palette.png', rgb().png({ palette: true, colours: 16 })),
    await png('gray16.png', rgb().grayscale().toColourspace('grey16').png()),
    await png('interlaced.png', rgba().png({ progressive: true })),
    await generic('rgb.gif', rgb().gif()),
    await generic('rgba.gif', rgba().gif()),
    await generic('lzw.tiff', rgb().tiff({ compression: 'lzw' })),
    await generic('deflate.tiff', rgba().tiff({ compression: 'deflate' })),
    await generic('raw.tiff', rgb().tiff({ compression: 'none' })),
    await generic('lossy.webp', rgb().webp({ quality: 70 })),
    await generic('lossless.webp', rgba().webp({ lossless: true })),
    bmp('rgb24.bmp', encodeBmp(testPattern(w, h, 3), w, h, 24)),
    bmp('rgba32.bmp', encodeBmp(testPattern(w, h, 4), w, h, 32)),
    bmp('gray8.bmp', encodeBmp(testPattern(w, h, 3), w, h, 8)),
  ];
}

const CHECKPOINTS = [
  'tiny-basic.zip.pth',
  'tiny-basic.legacy.pth',
  'tiny-basic.safetensors',
  'tiny-bottleneck.zip.pth',
  'tiny-bottleneck.legacy.pth',
];

function checkpointSeeds(): Seed[] {
  return CHECKPOINTS.map((name): Seed => {
    const bytes = read(join(FIXTURES, name));
    if (name.endsWith('.safetensors')) return { name, bytes, fields: safetensorsFields(bytes), repair: 'none' };
    if (name.endsWith('.zip.pth')) {
      const [start, end] = pickleRange(bytes) ?? [0, 0];
      // Half the aim at the zip structure, half at the pickle's opcodes (re-signed, or the CRC check stops it).
      return { name, bytes, fields: [...zipFields(bytes), ...rangeFields(start, end)], repair: 'zip-crc' };
    }
    // Legacy: five pickles (magic, protocol, sys info, the state dict, storage keys), then raw storages.
    return { name, bytes, fields: rangeFields(0, Math.min(bytes.length, 6000)), repair: 'none' };
  });
}

async function onnxSeeds(): Promise<Seed[]> {
  const make = async (checkpoint: string, dtype: 'fp32' | 'fp16'): Promise<Seed> => {
    const { onnx } = await convertCheckpoint(read(join(FIXTURES, checkpoint)), { dtype });
    const name = `${checkpoint.split('.')[0]}.${dtype}.onnx`;
    return { name, bytes: onnx, fields: protobufFields(onnx), repair: 'none' };
  };
  return [
    await make('tiny-basic.zip.pth', 'fp32'),
    await make('tiny-basic.zip.pth', 'fp16'),
    await make('tiny-bottleneck.zip.pth', 'fp32'),
  ];
}

export type { Format } from './formats.js';

/** The valid inputs of one format, built once per process (images and ONNX files are made at run time). */
export async function seedsFor(format: Format): Promise<Seed[]> {
  if (format === 'images') return imageSeeds();
  if (format === 'checkpoints') return checkpointSeeds();
  return onnxSeeds();
}
