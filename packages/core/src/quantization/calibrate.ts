import { type InferenceSession, Tensor } from 'onnxruntime-common';
import type { ModelInput } from '../pipeline.js';
import { Histogram } from './histogram.js';
import { DEFAULT_PERCENTILE, entropyThreshold, percentileRange, type RangeMethod } from './range-methods.js';

/** An activation the int8 graph quantizes (`@swsl/convert`'s `quantizationPoints`). */
export interface QuantizationPointLike {
  readonly name: string;
  readonly signed: boolean;
}

export interface CalibrateOptions {
  /** A session of the calibration graph (fp32, with every point as an output). */
  readonly session: InferenceSession;
  readonly points: readonly QuantizationPointLike[];
  /** The calibration batches; called once per pass (twice unless `minmax`). */
  readonly batches: () => AsyncIterable<ModelInput> | Iterable<ModelInput>;
  readonly method?: RangeMethod;
  readonly percentile?: number;
  /** Only the per-channel means (one pass, for `w8`'s bias correction); `ranges` is then empty. */
  readonly meansOnly?: boolean;
  /** Passes × batches done so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type CalibratedRanges = Record<string, [number, number]>;

export interface CalibrationStats {
  readonly ranges: CalibratedRanges;
  /**
   * The mean of each channel of every calibration output (over images and positions): what a conv's input averages,
   * so the converter can cancel the mean error 8-bit weights add (bias correction).
   */
  readonly channelMeans: Record<string, Float32Array>;
}

/**
 * Runs the fp32 model on the calibration images and returns the range of every quantization point: written once
 * against onnxruntime-common, so Node and the browser calibrate the same way.
 */
export async function calibrate(options: CalibrateOptions): Promise<CalibrationStats> {
  const { session, points } = options;
  const method = options.method ?? 'percentile';
  const names = points.map((p) => p.name);
  // Every float output but the logits: the points, plus the tensors only means are taken of (MaxPool's, features).
  const outputs = session.outputNames.filter((n) => n !== 'logits');
  let done = 0;
  const run = async (visit: (name: string, values: Float32Array, dims: readonly number[]) => void, all = false) => {
    for await (const batch of options.batches()) {
      const wanted = all ? outputs : names;
      const result = await session.run({ input: new Tensor('float32', batch.data, [...batch.dims]) }, wanted);
      for (const name of wanted) {
        const t = result[name];
        if (!t || !(t.data instanceof Float32Array)) throw new TypeError(`calibration graph lacks output "${name}"`);
        visit(name, t.data, t.dims);
      }
      done++;
      options.onProgress?.(done, 0);
    }
  };

  const min = new Map(names.map((n) => [n, Number.POSITIVE_INFINITY]));
  const max = new Map(names.map((n) => [n, Number.NEGATIVE_INFINITY]));
  const means = new Map<string, ChannelMean>();
  await run((name, values, dims) => {
    const mean = means.get(name) ?? new ChannelMean(dims[1] ?? 1);
    means.set(name, mean);
    mean.add(values, dims);
    // w8 needs only the means; the ranges are of the quantization points alone.
    if (options.meansOnly || !min.has(name)) return;
    let lo = min.get(name) as number;
    let hi = max.get(name) as number;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min.set(name, lo);
    max.set(name, hi);
  }, true);
  if (done === 0) throw new TypeError('calibration needs at least one image');
  const channelMeans = Object.fromEntries([...means].map(([name, m]) => [name, m.result()]));
  const ranges: CalibratedRanges = {};
  if (options.meansOnly) return { ranges, channelMeans };
  if (method === 'minmax') {
    for (const p of points) ranges[p.name] = snapRange(min.get(p.name) as number, max.get(p.name) as number);
    return { ranges, channelMeans };
  }

  const histograms = new Map(
    points.map((p) => [p.name, new Histogram(p.signed ? (min.get(p.name) as number) : 0, max.get(p.name) as number)]),
  );
  await run((name, values) => histograms.get(name)?.add(values));
  for (const p of points) {
    const h = histograms.get(p.name) as Histogram;
    // TensorRT's entropy calibrator is for ranges [0, T]: the signed ones (the image, the residual branches) are
    // clipped by percentile under every method.
    const [lo, hi] =
      method === 'entropy' && !p.signed
        ? [0, entropyThreshold(h)]
        : percentileRange(h, p.signed, options.percentile ?? DEFAULT_PERCENTILE);
    ranges[p.name] = snapRange(Math.max(lo, min.get(p.name) as number), Math.min(hi, max.get(p.name) as number));
  }
  return { ranges, channelMeans };
}

/** Per-channel running mean of NCHW (or NC) float tensors, in float64. */
class ChannelMean {
  private readonly sums: Float64Array;
  private count = 0;

  constructor(channels: number) {
    this.sums = new Float64Array(channels);
  }

  add(values: Float32Array, dims: readonly number[]): void {
    const [n = 1, c = 1] = dims;
    const plane = values.length / (n * c);
    for (let b = 0; b < n; b++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        const start = (b * c + ch) * plane;
        for (let i = start; i < start + plane; i++) sum += values[i] as number;
        this.sums[ch] = (this.sums[ch] as number) + sum;
      }
    }
    this.count += n * plane;
  }

  result(): Float32Array {
    return Float32Array.from(this.sums, (s) => s / this.count);
  }
}

/**
 * Rounds a range outward to 12 significant bits, so float32 noise between machines (another CPU's kernels) rarely
 * changes a scale, and the same images give the same bytes.
 */
export function snapRange(lo: number, hi: number): [number, number] {
  return [snap(lo, Math.floor), snap(hi, Math.ceil)];
}

function snap(x: number, round: (x: number) => number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const exponent = Math.floor(Math.log2(Math.abs(x))) - 11;
  return round(x / 2 ** exponent) * 2 ** exponent;
}
