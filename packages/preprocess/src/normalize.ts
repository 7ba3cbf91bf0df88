/**
 * `ToTensor()` then `Normalize(mean, std)` as torch computes them in float32: `u8 / 255`, minus `mean`, divided by
 * `std`, each step rounded to float32. A byte has only 256 values, so each channel is a 256-entry table and the
 * "fused" normalisation is one lookup per sample, bit-identical to torch's three float32 operations.
 */
export type NormalizationTables = readonly [Float32Array, Float32Array, Float32Array];

export function normalizationTables(
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): NormalizationTables {
  const table = (c: 0 | 1 | 2) => {
    const out = new Float32Array(256);
    const m = Math.fround(mean[c]);
    const s = Math.fround(std[c]);
    for (let v = 0; v < 256; v++) out[v] = Math.fround(Math.fround(Math.fround(v / 255) - m) / s);
    return out;
  };
  return [table(0), table(1), table(2)];
}

/** Writes packed RGB bytes as three planes (CHW) of normalised floats into `out` from `offset` on. */
export function writeNormalizedChw(
  rgb: Uint8Array,
  tables: NormalizationTables,
  out: Float32Array,
  offset: number,
): void {
  const plane = rgb.length / 3;
  const [tr, tg, tb] = tables;
  for (let i = 0, s = 0; i < plane; i++, s += 3) {
    out[offset + i] = tr[rgb[s]!]!;
    out[offset + plane + i] = tg[rgb[s + 1]!]!;
    out[offset + 2 * plane + i] = tb[rgb[s + 2]!]!;
  }
}
