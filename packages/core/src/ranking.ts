/** Numerically stable softmax of one row (max subtracted; sums in float64). */
export function softmax(logits: Float32Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) if (v > max) max = v;
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp((logits[i] as number) - max);
    sum += out[i] as number;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** Indices of the `k` largest values, best first; ties keep the lower index first (like torch.topk on CPU). */
export function topKIndices(values: ArrayLike<number>, k: number): number[] {
  const n = Math.min(k, values.length);
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (best.length === n && v <= (values[best[n - 1] as number] as number)) continue;
    let at = best.length;
    while (at > 0 && v > (values[best[at - 1] as number] as number)) at--;
    best.splice(at, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}
