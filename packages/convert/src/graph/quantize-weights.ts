import { roundHalfEven } from '@swsl/registry';

/**
 * 8-bit weights as onnxruntime's own quantizer writes them for QLinearConv/QGemm: symmetric int8 per output channel
 * in the restricted range [-127, 127] (zero point 0), so the int8 × uint8 products of MLAS's kernels cannot saturate.
 */
export const WEIGHT_QMAX = 127;
/** Activations: asymmetric uint8 per tensor. */
export const ACTIVATION_QMAX = 255;

export interface PerChannelInt8 {
  /** The quantized values, same layout as the float weight ([out, …]). */
  readonly values: Int8Array;
  /** One float32 scale per output channel: max |w| / 127 (1 for an all-zero channel, so DequantizeLinear stays finite). */
  readonly scales: Float32Array;
  /** All zero (symmetric), int8 as the weights are. */
  readonly zeroPoints: Int8Array;
}

/** Quantizes `weight` ([out, …] row-major) per output channel. */
export function quantizePerChannel(weight: Float32Array, outChannels: number): PerChannelInt8 {
  const perChannel = weight.length / outChannels;
  const values = new Int8Array(weight.length);
  const scales = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const start = o * perChannel;
    let maxAbs = 0;
    for (let i = start; i < start + perChannel; i++) maxAbs = Math.max(maxAbs, Math.abs(weight[i] as number));
    // Stored as float32; the values are divided by the stored scale, so file and arithmetic agree exactly.
    const scale = Math.fround(maxAbs > 0 ? maxAbs / WEIGHT_QMAX : 1);
    scales[o] = scale;
    for (let i = start; i < start + perChannel; i++) {
      const q = roundHalfEven((weight[i] as number) / scale);
      values[i] = Math.max(-WEIGHT_QMAX, Math.min(WEIGHT_QMAX, q));
    }
  }
  return { values, scales, zeroPoints: new Int8Array(outChannels) };
}

export interface Int32Bias {
  readonly values: Int32Array;
  /** input scale × weight scale, per output channel, in float32 as onnxruntime multiplies them. */
  readonly scales: Float32Array;
  readonly zeroPoints: Int32Array;
}

/** The bias QLinearConv adds to its int32 accumulator: b / (s_input · s_weight[o]), rounded. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): Int32Bias {
  const values = new Int32Array(bias.length);
  const scales = new Float32Array(bias.length);
  for (let o = 0; o < bias.length; o++) {
    const scale = Math.fround(Math.fround(inputScale) * (weightScales[o] as number));
    scales[o] = scale;
    const q = roundHalfEven((bias[o] as number) / scale);
    values[o] = Math.max(-0x7fffffff, Math.min(0x7fffffff, q));
  }
  return { values, scales, zeroPoints: new Int32Array(bias.length) };
}

export interface ActivationParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * uint8 scale and zero point for a calibrated range. The range is widened to hold 0 (so padding and ReLU's zeros are
 * exact), and a range that starts at 0 gets zero point 0, which lets onnxruntime drop the ReLU before it.
 */
export function activationParams(min: number, max: number): ActivationParams {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max, lo + 1e-8);
  const scale = Math.fround((hi - lo) / ACTIVATION_QMAX);
  const zeroPoint = Math.max(0, Math.min(ACTIVATION_QMAX, roundHalfEven(-lo / scale)));
  return { scale, zeroPoint };
}

/**
 * A second int8 term for what the first left over (w − s·q, at most half a step): w ≈ s·q + s₂·q₂ with its own
 * per-channel scale, ~15 bits in all. w8 spends it on the few layers whose error dominates (see build-model.ts).
 */
export function quantizeResidual(weight: Float32Array, first: PerChannelInt8): PerChannelInt8 {
  const out = first.scales.length;
  const perChannel = weight.length / out;
  const residual = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) {
    const scale = first.scales[Math.floor(i / perChannel)] as number;
    residual[i] = (weight[i] as number) - (first.values[i] as number) * scale;
  }
  return quantizePerChannel(residual, out);
}

/** The float weights an 8-bit encoding stands for (one term, or two). */
export function dequantize(terms: readonly PerChannelInt8[], length: number): Float32Array {
  const out = new Float32Array(length);
  for (const t of terms) {
    const perChannel = length / t.scales.length;
    for (let i = 0; i < length; i++) {
      out[i] = (out[i] as number) + (t.values[i] as number) * (t.scales[Math.floor(i / perChannel)] as number);
    }
  }
  return out;
}

/**
 * Bias correction (Nagel et al., "Data-Free Quantization", 2019): 8-bit weights W + ΔW shift a filter's output by
 * ΔW · E[x] on average; subtracting that from the bias cancels it. `inputMeans` is E[x] per input channel, measured
 * on calibration images. Rewrites `bias` in place. `weight` is [out, in/groups, …] in float, `quantized` what the
 * 8-bit encoding of it restores.
 */
export function correctBias(
  bias: Float32Array,
  weight: Float32Array,
  quantized: Float32Array,
  inputMeans: Float32Array,
  groups: number,
): void {
  const out = bias.length;
  const perOut = weight.length / out;
  const inPerGroup = inputMeans.length / groups;
  const taps = perOut / inPerGroup;
  const outPerGroup = out / groups;
  for (let o = 0; o < out; o++) {
    const firstInput = Math.floor(o / outPerGroup) * inPerGroup;
    let shift = 0;
    for (let j = 0; j < perOut; j++) {
      const at = o * perOut + j;
      const error = (quantized[at] as number) - (weight[at] as number);
      shift += error * (inputMeans[firstInput + Math.floor(j / taps)] as number);
    }
    bias[o] = (bias[o] as number) - shift;
  }
}
