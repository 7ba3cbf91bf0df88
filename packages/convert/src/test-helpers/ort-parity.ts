import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';

export interface Outputs {
  logits: Float32Array;
  features: Float32Array;
}

export async function runOnnx(onnx: Uint8Array, input: Float32Array, shape: readonly number[]): Promise<Outputs> {
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 2 });
  try {
    const out = await session.run({ input: new ort.Tensor('float32', input, [...shape]) });
    return { logits: out.logits!.data as Float32Array, features: out.features!.data as Float32Array };
  } finally {
    await session.release();
  }
}

export function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Indices of the k largest values of each row, best first. */
export function topK(logits: Float32Array, classes: number, k: number): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < logits.length / classes; r++) {
    const row = [...logits.subarray(r * classes, (r + 1) * classes)];
    rows.push(
      row
        .map((v, i) => [v, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, k)
        .map(([, i]) => i),
    );
  }
  return rows;
}

/**
 * The parity bounds of issue #3: fp32 logits and features within 1e-5 × max |logit| (features: × max |feature|)
 * with identical top-5; fp16 within 1e-2 × max |logit| with identical top-1.
 */
export function expectParity(
  got: Outputs,
  want: Outputs,
  classes: number,
  dtype: 'fp32' | 'fp16',
  label: string,
): { logitsRel: number; featuresRel: number } {
  const logitsRel = maxAbsDiff(got.logits, want.logits) / maxAbs(want.logits);
  const featuresRel = maxAbsDiff(got.features, want.features) / maxAbs(want.features);
  if (dtype === 'fp32') {
    expect(logitsRel, `${label}: logits`).toBeLessThanOrEqual(1e-5);
    expect(featuresRel, `${label}: features`).toBeLessThanOrEqual(1e-5);
    expect(topK(got.logits, classes, 5), `${label}: top-5`).toEqual(topK(want.logits, classes, 5));
  } else {
    expect(logitsRel, `${label}: fp16 logits`).toBeLessThanOrEqual(1e-2);
    expect(topK(got.logits, classes, 1), `${label}: fp16 top-1`).toEqual(topK(want.logits, classes, 1));
  }
  return { logitsRel, featuresRel };
}
