import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ByteSource, ConvertOptions, ConvertProgress, ConvertResult } from '@swsl/convert';
import {
  type CalibrationFile,
  type CalibrationSet,
  type Converter,
  calibrationSetSha256,
  type RangeMethod,
  withCalibration,
} from '@swsl/core';
import { preprocess } from '@swsl/preprocess/node';
import { CALIBRATION_FOLDER, CALIBRATION_IMAGES, isSwslError, type PreprocessSpec } from '@swsl/registry';
import * as ort from 'onnxruntime-node';
import { CalibrationError } from './calibration-error.js';
import { isWalkProblem, walkImages } from './image-walk.js';
import { assertModelFile } from './model-file-error.js';
import { nodeHasher } from './node-hasher.js';
import { removeOnExit } from './remove-on-exit.js';
import { writeFileAtomic } from './write-atomic.js';

export interface Int8Options {
  /** A folder of photos to calibrate on (default: the 11 CC0 photos shipped in `@swsl/registry`). */
  readonly calibrationDir?: string;
  readonly method?: RangeMethod;
  readonly percentile?: number;
  readonly preprocessing?: PreprocessSpec;
  /** Calibration batches run so far, of `total` (one image each; int8 runs the set twice: ranges, then histograms). */
  readonly onCalibrate?: (done: number, total: number) => void;
}

/** `@swsl/registry/calibration/<name>`: resolved from the registry's entry (`dist/index.js`), one folder up. */
function builtInCalibrationImage(name: string): URL {
  return new URL(`../${CALIBRATION_FOLDER}/${name}`, import.meta.resolve('@swsl/registry'));
}

async function readCalibrationFiles(dir: string | undefined): Promise<CalibrationFile[]> {
  if (!dir) {
    return Promise.all(
      CALIBRATION_IMAGES.map(async (name) => ({
        name,
        bytes: new Uint8Array(await readFile(builtInCalibrationImage(name))),
      })),
    );
  }
  const paths: string[] = [];
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new CalibrationError(dir, 'cannot read the folder');
  // The one folder walk of every command (links followed, sub-folders included); a photo it cannot reach would make
  // the calibration depend on a broken link, so it stops here instead.
  for await (const entry of walkImages(dir)) {
    if (isWalkProblem(entry)) throw new CalibrationError(dir, entry.message);
    paths.push(entry.path);
  }
  if (!paths.length) throw new CalibrationError(dir, 'the folder holds no images');
  return Promise.all(
    paths.map(async (path) => ({ name: relative(dir, path), bytes: new Uint8Array(await readFile(path)) })),
  );
}

/** The calibration photos, hashed and preprocessed exactly as inference preprocesses (one image per batch). */
export async function loadCalibrationSet(options: Int8Options = {}): Promise<CalibrationSet> {
  const files = await readCalibrationFiles(options.calibrationDir);
  const where = options.calibrationDir ?? 'the built-in calibration set';
  const sha256 = await calibrationSetSha256(nodeHasher, files);
  return {
    sha256,
    images: files.length,
    async *batches() {
      for (const f of files) {
        try {
          yield await preprocess(f.bytes, { ...(options.preprocessing ? { spec: options.preprocessing } : {}) });
        } catch (error) {
          if (isSwslError(error)) throw new CalibrationError(join(where, f.name), error.message, { cause: error });
          throw error;
        }
      }
    },
  };
}

/**
 * `@swsl/convert`'s converter plus `int8`: the fp32 calibration graph runs on onnxruntime-node's CPU provider over
 * the calibration photos, then the int8 model is converted with the ranges found.
 */
export function nodeConverter(options: Int8Options = {}): Converter<Uint8Array | ByteSource> {
  return async (input, convertOptions) => {
    // The converter (zip reader, inflate, protobuf: ≈ 0.1 s to import) loads when a checkpoint is converted, not
    // whenever a classifier opens a model that is an ONNX already.
    const { convertCheckpoint, quantizationPoints } = await import('@swsl/convert');
    return withCalibration<Uint8Array | ByteSource>({
      convert: (i, o) => convertCheckpoint(i, o),
      points: (arch) => quantizationPoints(arch as Parameters<typeof quantizationPoints>[0]),
      createSession: (onnx) =>
        ort.InferenceSession.create(onnx, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' }),
      calibrationSet: () => loadCalibrationSet(options),
      ...(options.method ? { method: options.method } : {}),
      ...(options.percentile ? { percentile: options.percentile } : {}),
      ...(options.onCalibrate ? { onCalibrate: options.onCalibrate } : {}),
    })(input, convertOptions);
  };
}

/**
 * `swsl convert`: a checkpoint file → an ONNX file of any dtype. fp32/fp16 stream tensor by tensor (bounded
 * memory); int8/w8 are made in memory (calibration converts twice). Either way the file appears only when complete
 * (a temp file beside it, renamed).
 */
export async function convertCheckpointFile(
  checkpointPath: string,
  outPath: string,
  options: ConvertOptions & Int8Options,
): Promise<Omit<ConvertResult, 'onnx'>> {
  await assertModelFile(checkpointPath);
  const { convertFile, openFileSource } = await import('@swsl/convert/node');
  if (options.dtype !== 'int8' && options.dtype !== 'w8') {
    return convertFile(checkpointPath, outPath, { ...options, trackTempFile: removeOnExit });
  }
  const source = await openFileSource(checkpointPath);
  try {
    const { onProgress, ...rest } = options;
    const { onnx, ...result } = await nodeConverter(options)(source, {
      ...rest,
      ...(onProgress ? { onProgress: (detail: unknown) => onProgress(detail as ConvertProgress) } : {}),
    });
    await writeFileAtomic(outPath, onnx);
    return result as Omit<ConvertResult, 'onnx'>;
  } finally {
    await source.close();
  }
}
