import { readFileSync } from 'node:fs';
import { fixturePath, readFixtureManifest, readFixtureNpy } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import { onnx } from './graph/onnx-proto.js';
import { readOnnxMetadata } from './onnx-metadata.js';
import { expectParity, maxAbsDiff, runOnnx } from './test-helpers/ort-parity.js';

// Committed fixtures: tiny models in every format and torch's outputs for them (tools/reference/README.md).
const manifest = readFixtureManifest();
const input = readFixtureNpy('tiny-input.npy') as { shape: number[]; data: Float32Array };

function reference(model: string) {
  const m = manifest.models[model]!;
  return {
    logits: readFixtureNpy(m.logits).data as Float32Array,
    features: readFixtureNpy(m.features).data as Float32Array,
  };
}

describe('convertCheckpoint on the committed tiny checkpoints', () => {
  it.each(manifest.files)('$path (fp32) matches torch', async (file) => {
    const result = await convertCheckpoint(readFileSync(fixturePath(file.path)));
    expect(result.arch).toEqual(file.spec);
    expect(result.info.format).toBe(file.format);
    const got = await runOnnx(result.onnx, input.data, input.shape);
    expectParity(got, reference(file.model), file.spec.numClasses, 'fp32', file.path);
  });

  it.each(manifest.files)('$path (fp16) keeps top-1 within 1e-2', async (file) => {
    const result = await convertCheckpoint(readFileSync(fixturePath(file.path)), { dtype: 'fp16' });
    const got = await runOnnx(result.onnx, input.data, input.shape);
    expectParity(got, reference(file.model), file.spec.numClasses, 'fp16', file.path);
  });

  it('validates against a given arch and records metadata, opset and the dynamic input', async () => {
    const file = manifest.files[0]!;
    const bytes = readFileSync(fixturePath(file.path));
    const progress: string[] = [];
    const result = await convertCheckpoint(bytes, {
      arch: file.spec,
      variant: 'tiny_test',
      onProgress: (p) => progress.push(p.stage),
    });
    const model = onnx.ModelProto.decode(result.onnx);
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    const { createHash } = await import('node:crypto');
    expect(meta['swsl.source_sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(meta['swsl.variant']).toBe('tiny_test');
    expect(JSON.parse(meta['swsl.arch']!)).toEqual(file.spec);
    expect(meta['swsl.num_classes']).toBe(String(file.spec.numClasses));
    expect(JSON.parse(meta['swsl.preprocessing']!)).toMatchObject({ resizeSize: 256, cropSize: 224 });
    expect(Number(model.opsetImport[0]!.version)).toBeGreaterThanOrEqual(17);
    const dims = model.graph!.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 3, 'height', 'width']);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(['logits', 'features']);
    // BatchNorm is folded: no BatchNormalization node is left.
    expect(model.graph!.node!.some((n) => n.opType === 'BatchNormalization')).toBe(false);
    // The cheap reader (skips the graph) sees the same entries as a full protobuf decode.
    const quick = readOnnxMetadata(result.onnx);
    expect(quick.raw).toEqual(meta);
    expect(quick.arch).toEqual(file.spec);
    expect(quick.variant).toBe('tiny_test');
    expect(quick.dtype).toBe('fp32');
    expect(progress[0]).toBe('read');
    expect(progress.at(-1)).toBe('done');
    expect(progress).toContain('convert');
  });

  it('runs any batch size and image size (the net is convolutional up to pooling)', async () => {
    const file = manifest.files.find((f) => f.model === 'tiny-basic')!;
    const { onnx: bytes } = await convertCheckpoint(readFileSync(fixturePath(file.path)));
    const one = input.data.subarray(0, 3 * 64 * 64);
    const single = await runOnnx(bytes, one, [1, 3, 64, 64]);
    const batch = await runOnnx(bytes, input.data, input.shape);
    expect(maxAbsDiff(single.logits, batch.logits.subarray(0, 1000))).toBeLessThan(1e-5);
    const big = await runOnnx(bytes, new Float32Array(3 * 100 * 130).fill(0.5), [1, 3, 100, 130]);
    expect(big.logits).toHaveLength(1000);
    expect(big.features).toHaveLength(32);
  });
});
