/**
 * What an ONNX model stores and computes in: `fp32`; `fp16` (half the bytes, for GPUs); `int8` (static QDQ
 * quantization, computed in 8 bits on CPU/WASM); `w8` (8-bit weights restored to fp32 when the session loads).
 * The one list every package takes its choices from (the registry sits below all of them).
 */
export const DTYPES = ['fp32', 'fp16', 'int8', 'w8'] as const;
export type Dtype = (typeof DTYPES)[number];

export function isDtype(value: unknown): value is Dtype {
  return (DTYPES as readonly unknown[]).includes(value);
}

/**
 * The share of a w8 model's weights stored as two int8 terms (~15 bits) rather than one: 6.5%, which keeps every w8
 * file within 0.27× of fp32's size (1 + 0.065 bytes per weight instead of 4). `@swsl/convert` spends it;
 * `approximateOnnxBytes` counts it.
 */
export const W8_TWO_TERM_SHARE = 0.065;
