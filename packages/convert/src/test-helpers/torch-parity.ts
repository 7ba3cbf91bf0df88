import { readFileSync } from 'node:fs';
import { readNpy, runOracle } from '@swsl/reference';
import type { ArchSpec } from '@swsl/registry';
import { expect } from 'vitest';
import { convertCheckpoint } from '../convert.js';
import { expectParity, runOnnx } from './ort-parity.js';

const f32 = (path: string) => readNpy(readFileSync(path)) as { shape: number[]; data: Float32Array };

/**
 * The oracle's forward pass of the checkpoint at `path` on the inputs in `inputNpy` (written beside it), then ours:
 * the checkpoint converted to fp32 ONNX must infer `spec` and match torch within the fp32 parity bounds.
 */
export async function expectConvertsLikeTorch(path: string, spec: ArchSpec, inputNpy: string, label: string) {
  runOracle([
    'forward',
    '--checkpoint',
    path,
    '--arch',
    JSON.stringify(spec),
    '--input',
    inputNpy,
    '--out-prefix',
    path,
  ]);
  const result = await convertCheckpoint(readFileSync(path));
  expect(result.arch).toEqual(spec);
  const x = f32(inputNpy);
  const got = await runOnnx(result.onnx, x.data, x.shape);
  const want = { logits: f32(`${path}.logits.npy`).data, features: f32(`${path}.features.npy`).data };
  expectParity(got, want, spec.numClasses, 'fp32', label);
}
