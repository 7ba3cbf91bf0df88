/** BatchNorm's eps; state dicts do not store it and torchvision's ResNet always uses the default. */
export const BATCHNORM_EPS = 1e-5;

export interface BatchNormParams {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
}

/**
 * Folds eval-mode BatchNorm into the conv before it: W'[o] = W[o]·γ/√(σ²+ε), b'[o] = β − μ·γ/√(σ²+ε).
 * The scale is computed in float64 so folding adds no more than one float32 rounding per weight.
 * Rewrites `weight` in place (it is a fresh copy already) and returns the bias.
 */
export function foldBatchNorm(weight: Float32Array, bn: BatchNormParams, eps = BATCHNORM_EPS): Float32Array {
  const out = bn.weight.length;
  const perChannel = weight.length / out;
  const bias = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    const scale = (bn.weight[o] as number) / Math.sqrt((bn.runningVar[o] as number) + eps);
    bias[o] = (bn.bias[o] as number) - (bn.runningMean[o] as number) * scale;
    const start = o * perChannel;
    for (let i = start; i < start + perChannel; i++) weight[i] = (weight[i] as number) * scale;
  }
  return bias;
}
