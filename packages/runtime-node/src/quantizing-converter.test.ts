import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCheckpoint, onnx, quantizationPoints } from '@swsl/convert';
import { sessionConfigFor } from '@swsl/core';
import { fixturePath, readFixtureManifest, readFixtureNpy } from '@swsl/reference';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeConverter } from './quantizing-converter.js';

// The committed tiny checkpoints (a basic-block net and a grouped bottleneck one) and torch's fp32 outputs for them.
const manifest = readFixtureManifest();
const input = readFixtureNpy('tiny-input.npy') as { shape: number[]; data: Float32Array };
const work = mkdtempSync(join(tmpdir(), 'swsl-quant-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DataType = onnx.TensorProto.DataType;
const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
const metadata = (bytes: Uint8Array) =>
  Object.fromEntries(decode(bytes).metadataProps.map((p) => [p.key, p.value])) as Record<string, string>;

async function logits(model: Uint8Array, dtype: 'fp32' | 'int8' | 'w8', optimizedPath?: string) {
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: 'all',
    ...sessionConfigFor(dtype),
    ...(optimizedPath ? { optimizedModelFilePath: optimizedPath } : {}),
  });
  const out = await session.run({ input: new ort.Tensor('float32', input.data, input.shape) });
  await session.release();
  return out.logits?.data as Float32Array;
}

function cosine(a: Float32Array, b: Float32Array, rows: number) {
  const width = a.length / rows;
  let worst = 1;
  for (let r = 0; r < rows; r++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = r * width; i < (r + 1) * width; i++) {
      ab += (a[i] as number) * (b[i] as number);
      aa += (a[i] as number) ** 2;
      bb += (b[i] as number) ** 2;
    }
    worst = Math.min(worst, ab / Math.sqrt(aa * bb));
  }
  return worst;
}

const opTypes = (path: string) => decode(readFileSync(path)).graph?.node?.map((n) => n.opType as string) ?? [];

describe.each(['tiny-basic.zip.pth', 'tiny-bottleneck.zip.pth'])('int8 and w8 of %s', (file) => {
  const entry = manifest.files.find((f) => f.path === file)!;
  const bytes = new Uint8Array(readFileSync(fixturePath(file)));
  const torchLogits = readFixtureNpy(manifest.models[entry.model]!.logits).data as Float32Array;
  const rows = input.shape[0] as number;
  const convert = nodeConverter();

  it('int8: a QDQ graph onnxruntime fuses into quantized kernels, close to torch, the same bytes twice', async () => {
    const a = await convert(bytes, { dtype: 'int8' });
    const b = await convert(bytes, { dtype: 'int8' });
    expect(Buffer.compare(a.onnx, b.onnx)).toBe(0);
    const model = decode(a.onnx);
    const nodes = model.graph?.node ?? [];
    const points = quantizationPoints(entry.spec);
    // One QuantizeLinear per point, plus MaxPool's re-quantization on the stem's grid.
    expect(nodes.filter((n) => n.opType === 'QuantizeLinear')).toHaveLength(points.length + 1);
    const convWeights = (model.graph?.initializer ?? []).filter((t) =>
      /conv\d\.weight_q$|downsample\.0\.weight_q$/.test(t.name ?? ''),
    );
    expect(convWeights.length).toBeGreaterThan(0);
    for (const t of convWeights) expect(t.dataType).toBe(DataType.INT8);
    const biases = (model.graph?.initializer ?? []).filter((t) => /\.bias_q$/.test(t.name ?? ''));
    for (const t of biases) expect(t.dataType).toBe(DataType.INT32);
    const meta = metadata(a.onnx);
    expect(meta['swsl.dtype']).toBe('int8');
    expect(JSON.parse(meta['swsl.quantization'] as string)).toMatchObject({
      activations: 'uint8, asymmetric, per tensor',
      bias_correction: 'calibrated channel means',
      method: 'percentile:99.999',
      calibration_images: 11,
    });

    const optimized = join(work, `${file}.int8.opt.onnx`);
    const got = await logits(a.onnx, 'int8', optimized);
    const ops = opTypes(optimized);
    // Every conv runs as a quantized kernel (QLinearConv, or its NHWC form), none in float.
    expect(ops.filter((op) => op.includes('QLinearConv')).length).toBe(convWeights.length);
    expect(ops).not.toContain('Conv');
    expect(ops.some((op) => op.includes('QLinearAdd'))).toBe(true);
    expect(cosine(got, torchLogits, rows)).toBeGreaterThan(0.98);
  });

  it('w8: int8 weights restored to float when the session loads, within a hair of torch', async () => {
    const w8 = await convert(bytes, { dtype: 'w8' });
    const fp32 = await convertCheckpoint(bytes, { dtype: 'fp32' });
    const meta = metadata(w8.onnx);
    expect(meta['swsl.dtype']).toBe('w8');
    expect(JSON.parse(meta['swsl.quantization'] as string)).toMatchObject({ activations: 'float32', method: 'means' });
    const optimized = join(work, `${file}.w8.opt.onnx`);
    const got = await logits(w8.onnx, 'w8', optimized);
    // sessionConfigFor('w8') folds every DequantizeLinear: the session computes exactly like an fp32 one.
    expect(opTypes(optimized)).not.toContain('DequantizeLinear');
    expect(cosine(got, torchLogits, rows)).toBeGreaterThan(0.999);
    expect(cosine(got, await logits(fp32.onnx, 'fp32'), rows)).toBeGreaterThan(0.999);
  });
});

describe('calibration photos', () => {
  const bytes = new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth')));

  it('a folder of the user’s own is hashed into the metadata; an empty one is E_CALIBRATION', async () => {
    const dir = join(work, 'mine');
    mkdirSync(dir);
    for (const name of ['chelsea.jpg', 'coffee.jpg'])
      copyFileSync(new URL(`../../../samples/${name}`, import.meta.url), join(dir, name));
    const mine = await nodeConverter({ calibrationDir: dir })(bytes, { dtype: 'int8' });
    const builtIn = await nodeConverter()(bytes, { dtype: 'int8' });
    const a = JSON.parse(metadata(mine.onnx)['swsl.quantization'] as string);
    const b = JSON.parse(metadata(builtIn.onnx)['swsl.quantization'] as string);
    expect(a.calibration_images).toBe(2);
    expect(a.calibration_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.calibration_sha256).not.toBe(b.calibration_sha256);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    await expect(nodeConverter({ calibrationDir: empty })(bytes, { dtype: 'int8' })).rejects.toMatchObject({
      code: 'E_CALIBRATION',
      message: expect.stringContaining(empty),
    });
  });
});
