import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, convertCheckpoint, readOnnxMetadata } from '@swsl/convert';
import { describeSwslModel } from '@swsl/core';
import { decodeImage as decodeInBrowserWay } from '@swsl/preprocess/browser';
import { decodeImage, preprocess, type RawPixels, readImageHeader, toRgb } from '@swsl/preprocess/node';
import { SwslError } from '@swsl/registry';
import { createClassifier } from '@swsl/runtime-node';
import { type Format, type Seed, testPattern } from './corpus.js';
import { applyMutations, type Case, repairPngCrcs, repairZipCrcs } from './mutate.js';
import { editSafetensorsHeader } from './safetensors-edit.js';

/** A broken promise: an untyped error, a typed one that does not name the input, or an answer that is not valid. */
export class FuzzFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzFailure';
  }
}

/**
 * Images are decoded under a 4-megapixel limit (the option every caller has; the default is Pillow's 89 M): a header
 * the fuzzer inflates to 80 M pixels is a legitimate, slow decode, not a finding.
 */
export const FUZZ_MAX_PIXELS = 4 * 1024 * 1024;

/** The outcome of one case: `answer`, or a typed error's code (`E_…`), sometimes with a note. */
export type Outcome = string;

/** The bytes of a case: the seed's copy, mutated, re-signed if the case asks. */
export function caseBytes(seeds: readonly Seed[], c: Case): { seed: Seed; bytes: Uint8Array } {
  const seed = seeds[c.base % seeds.length]!;
  let bytes = applyMutations(seed.bytes, seed.fields, c.mutations);
  if (c.repair && c.json && seed.name.endsWith('.safetensors')) bytes = editSafetensorsHeader(bytes, c.json);
  if (c.repair && seed.repair === 'png-crc') repairPngCrcs(bytes);
  if (c.repair && seed.repair === 'zip-crc') repairZipCrcs(bytes);
  return { seed, bytes };
}

/** A typed error is an `SwslError` with an `E_…` code whose message names the input; anything else is a failure. */
export function typedOutcome(error: unknown, name: string | undefined, where: string): Outcome {
  if (error instanceof FuzzFailure) throw error;
  if (error instanceof SwslError && /^E_[A-Z0-9_]+$/.test(error.code)) {
    if (name !== undefined && !error.message.includes(name)) {
      throw new FuzzFailure(`${where}: ${error.code} does not name the input "${name}": ${error.message}`, {
        cause: error,
      });
    }
    // A decoder's own exception wrapped into a typed one: fine for the caller, but worth counting.
    const cause = (error as { cause?: unknown }).cause;
    const decoder = where.includes('decode');
    if (
      decoder &&
      cause instanceof Error &&
      !(cause instanceof SwslError) &&
      /^(TypeError|RangeError)$/.test(cause.name)
    ) {
      return `${error.code} (wraps ${cause.name})`;
    }
    return error.code;
  }
  const e = error as Error;
  throw new FuzzFailure(`${where}: untyped ${e?.name ?? typeof error}: ${e?.message ?? String(error)}`, {
    cause: error,
  });
}

function checkPixels(pixels: RawPixels, where: string): void {
  const { width, height, channels, data } = pixels;
  const ok =
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width * height <= FUZZ_MAX_PIXELS &&
    [1, 2, 3, 4].includes(channels) &&
    data.length === width * height * channels;
  if (!ok) throw new FuzzFailure(`${where}: invalid pixels ${width}×${height}×${channels}, ${data.length} samples`);
}

function sameRgb(a: RawPixels, b: RawPixels): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  const [x, y] = [toRgb(a), toRgb(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Node's decode path (sharp; our BMP/GIF decoders), the whole preprocessing pipeline, and for PNG/GIF/BMP/TIFF the
 * browser entry's JavaScript decoders too. Where Node and the browser both decode a mutated file, a difference in
 * pixels is counted (libpng/libtiff may accept what our decoders refuse and the reverse), not failed.
 */
async function runImage(bytes: Uint8Array, name: string): Promise<Outcome> {
  let format: string | undefined;
  try {
    format = readImageHeader(bytes, name, FUZZ_MAX_PIXELS).format;
  } catch {
    // decodeImage reports the same problem, typed, below.
  }
  let pixels: RawPixels;
  try {
    pixels = await decodeImage(bytes, { name, maxPixels: FUZZ_MAX_PIXELS });
  } catch (error) {
    const outcome = typedOutcome(error, name, 'decodeImage');
    if (format && ['png', 'gif', 'bmp', 'tiff'].includes(format)) {
      try {
        await decodeInBrowserWay(bytes, { name, maxPixels: FUZZ_MAX_PIXELS });
        return `${outcome} (browser decodes)`;
      } catch (browserError) {
        typedOutcome(browserError, name, 'browser decodeImage');
      }
    }
    return outcome;
  }
  checkPixels(pixels, 'decodeImage');
  let note = '';
  if (format && ['png', 'gif', 'bmp', 'tiff'].includes(format)) {
    try {
      const browser = await decodeInBrowserWay(bytes, { name, maxPixels: FUZZ_MAX_PIXELS });
      checkPixels(browser, 'browser decodeImage');
      if (!sameRgb(pixels, browser)) note = ' (browser pixels differ)';
    } catch (error) {
      note = ` (browser: ${typedOutcome(error, name, 'browser decodeImage')})`;
    }
  }
  try {
    const { data, dims } = await preprocess(bytes, { maxPixels: FUZZ_MAX_PIXELS });
    if (dims.join() !== '1,3,224,224' || data.length !== 3 * 224 * 224 || !data.every(Number.isFinite)) {
      throw new FuzzFailure(`preprocess: invalid tensor ${dims.join('×')}`);
    }
  } catch (error) {
    return `${typedOutcome(error, '<bytes>', 'preprocess after a successful decode')} (after decode)`;
  }
  return `answer${note}`;
}

async function runCheckpoint(bytes: Uint8Array, name: string): Promise<Outcome> {
  try {
    const result = await convertCheckpoint(bytesSource(bytes, name), { dtype: 'fp32' });
    const meta = readOnnxMetadata(result.onnx);
    if (!meta.arch || result.info.tensors === 0 || result.onnx.length === 0) {
      throw new FuzzFailure('convertCheckpoint: a model without an architecture or tensors');
    }
    return 'answer';
  } catch (error) {
    return typedOutcome(error, name, 'convertCheckpoint');
  }
}

const probe = { data: testPattern(40, 30, 3), width: 40, height: 30, channels: 3 as const };

/** The metadata readers, then onnxruntime through runtime-node (session creation and one classification). */
async function runOnnx(bytes: Uint8Array, name: string, scratch: string): Promise<Outcome> {
  try {
    readOnnxMetadata(bytes, name);
  } catch (error) {
    typedOutcome(error, name, 'readOnnxMetadata');
  }
  try {
    describeSwslModel(bytes, name, { dtype: 'fp32' });
  } catch (error) {
    return typedOutcome(error, name, 'describeSwslModel');
  }
  const file = join(scratch, name);
  writeFileSync(file, bytes);
  let classifier: Awaited<ReturnType<typeof createClassifier>>;
  try {
    classifier = await createClassifier({ onnx: file }, { device: 'cpu', threads: 1 });
  } catch (error) {
    return typedOutcome(error, file, 'createClassifier');
  }
  try {
    const [top] = await classifier.classify(probe, { topK: 3 });
    // Mutated weights may legitimately give NaN or ∞ scores; the shape of the answer must hold.
    const valid = (p: { index: number; probability: number }) =>
      Number.isInteger(p.index) &&
      p.index >= 0 &&
      p.index < classifier.info.numClasses &&
      typeof p.probability === 'number';
    if (!top || top.length !== Math.min(3, classifier.info.numClasses) || !top.every(valid)) {
      throw new FuzzFailure(`classify: invalid predictions ${JSON.stringify(top)}`);
    }
    return 'answer';
  } catch (error) {
    return `${typedOutcome(error, file, 'classify')} (at classify)`;
  } finally {
    await classifier.dispose();
  }
}

export interface RunContext {
  /** A folder for the ONNX files runtime-node reads. */
  readonly scratch: string;
}

/** Runs one case; returns its outcome or throws a `FuzzFailure`. */
export async function runCase(format: Format, seeds: readonly Seed[], c: Case, ctx: RunContext): Promise<Outcome> {
  const { seed, bytes } = caseBytes(seeds, c);
  const name = `fuzz-${seed.name}`;
  if (format === 'images') return runImage(bytes, name);
  if (format === 'checkpoints') return runCheckpoint(bytes, name);
  return runOnnx(bytes, name, ctx.scratch);
}
