import type { InferenceSession } from 'onnxruntime-common';
import type { ConvertOptions, ConvertResult } from '../capabilities.js';
import { type CalibrationStats, calibrate, type QuantizationPointLike } from './calibrate.js';
import type { CalibrationSet } from './calibration-set.js';
import { DEFAULT_PERCENTILE, type RangeMethod } from './range-methods.js';

/** A converter from `@swsl/convert` (`convertCheckpoint`), over bytes or any source it reads. */
export type Converter<I> = (input: I, options: ConvertOptions) => Promise<ConvertResult>;

export interface CalibrationParts<I> {
  readonly convert: Converter<I>;
  /** `@swsl/convert`'s `quantizationPoints`, for the architecture `convert` returned. */
  readonly points: (arch: unknown) => readonly QuantizationPointLike[];
  /** A CPU session of an fp32 ONNX (the calibration graph). */
  readonly createSession: (onnx: Uint8Array) => Promise<InferenceSession>;
  readonly calibrationSet: () => Promise<CalibrationSet>;
  readonly method?: RangeMethod;
  readonly percentile?: number;
  /** Calibration batches run so far, of `total` (`w8` runs the set once, `int8` twice unless the method is `minmax`). */
  readonly onCalibrate?: (done: number, total: number) => void;
}

/** `percentile:99.999`, `minmax`, `entropy`: the method as the metadata records it. */
export function methodLabel(method: RangeMethod, percentile = DEFAULT_PERCENTILE): string {
  return method === 'percentile' ? `percentile:${percentile}` : method;
}

/**
 * A converter that also makes the 8-bit dtypes. It converts the fp32 calibration graph and runs it on the
 * calibration set: `w8` takes each conv input's channel means (to cancel the mean error of 8-bit weights), `int8`
 * also every activation's range. Then it converts again with those statistics. `fp32`/`fp16` pass straight through.
 */
export function withCalibration<I>(parts: CalibrationParts<I>): Converter<I> {
  return async (input, options) => {
    if (options.dtype !== 'int8' && options.dtype !== 'w8') return parts.convert(input, options);
    const { onProgress: _, ...rest } = options;
    const graph = await parts.convert(input, { ...rest, dtype: 'fp32', calibrationOutputs: true });
    const set = await parts.calibrationSet();
    const stats = await calibrateGraph(graph, set, parts, options.dtype === 'w8');
    const method = parts.method ?? 'percentile';
    return parts.convert(input, {
      ...options,
      channelMeans: stats.channelMeans,
      ...(options.dtype === 'int8' ? { activationRanges: stats.ranges } : {}),
      calibration: {
        method: options.dtype === 'int8' ? methodLabel(method, parts.percentile) : 'means',
        imagesSha256: set.sha256,
        images: set.images,
      },
    });
  };
}

async function calibrateGraph<I>(
  graph: ConvertResult,
  set: CalibrationSet,
  parts: CalibrationParts<I>,
  meansOnly: boolean,
): Promise<CalibrationStats> {
  const session = await parts.createSession(graph.onnx);
  try {
    return await calibrate({
      session,
      points: parts.points(graph.arch),
      batches: () => set.batches(),
      meansOnly,
      ...(parts.method ? { method: parts.method } : {}),
      ...(parts.percentile ? { percentile: parts.percentile } : {}),
      ...(parts.onCalibrate
        ? {
            onProgress: (done: number) =>
              parts.onCalibrate?.(done, set.images * (meansOnly || parts.method === 'minmax' ? 1 : 2)),
          }
        : {}),
    });
  } finally {
    await session.release();
  }
}
