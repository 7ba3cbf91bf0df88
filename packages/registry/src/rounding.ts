/**
 * Rounds halves to the even neighbour, as Python's `round()`, numpy, torch's fake-quantize kernels and ONNX
 * QuantizeLinear do (not `Math.round`, which rounds halves up): torchvision's crop offsets and swsl's 8-bit
 * quantization both depend on it.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
