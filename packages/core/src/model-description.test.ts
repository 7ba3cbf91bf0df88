import { readFileSync } from 'node:fs';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath, readFixtureManifest } from '@swsl/reference';
import { IMAGENET_EVAL_PREPROCESSING } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { describeSwslModel, NotASwslModelError } from './model-description.js';

describe('describeSwslModel', () => {
  it('reads what the converter recorded', async () => {
    const file = readFixtureManifest().files.find((f) => f.model === 'tiny-bottleneck')!;
    const { onnx } = await convertCheckpoint(readFileSync(fixturePath(file.path)), {
      dtype: 'fp16',
      variant: 'x_swsl',
    });
    expect(describeSwslModel(onnx, file.path, { dtype: 'fp32' })).toEqual({
      variant: 'x_swsl',
      arch: file.spec,
      dtype: 'fp16',
      preprocessing: IMAGENET_EVAL_PREPROCESSING,
      numClasses: 10,
    });
  });

  it('gives the class names stored by `convert --labels` as labels in output order', async () => {
    const file = readFixtureManifest().files.find((f) => f.model === 'tiny-bottleneck')!;
    const names = Array.from({ length: 10 }, (_, i) => ({ ...(i % 2 ? {} : { wnid: `n0${i}` }), name: `class ${i}!` }));
    const { onnx } = await convertCheckpoint(readFileSync(fixturePath(file.path)), { labels: names });
    const described = describeSwslModel(onnx, file.path, { dtype: 'fp32' });
    expect(described.labels).toEqual(
      names.map((l, index) => ({ index, wnid: l.wnid ?? '', name: l.name, lemmas: '' })),
    );
  });

  it('refuses stored labels whose count differs from the outputs (E_INVALID_MODEL naming the file)', async () => {
    const file = readFixtureManifest().files.find((f) => f.model === 'tiny-bottleneck')!;
    const names = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}` }));
    const { onnx } = await convertCheckpoint(readFileSync(fixturePath(file.path)), { labels: names });
    // The converter refuses a wrong count (E_LABEL_COUNT), so edit the model as another tool might: the entry
    // swsl.num_classes = "10" (key, then field 2 of length 2) becomes "11", same length, the rest intact.
    const entry = [...new TextEncoder().encode('swsl.num_classes'), 0x12, 2, 0x31, 0x30];
    const at = Buffer.from(onnx).indexOf(Buffer.from(entry));
    expect(at).toBeGreaterThan(0);
    const edited = onnx.slice();
    edited[at + entry.length - 1] = 0x31;
    expect(() => describeSwslModel(edited, 'edited.onnx', { dtype: 'fp32' })).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_MODEL',
        message: expect.stringMatching(/^edited\.onnx.*10 classes.*11/),
      }),
    );
  });

  it('refuses an ONNX file without swsl metadata (E_NOT_A_SWSL_MODEL)', () => {
    // ModelProto { ir_version: 8 (field 1, varint), producer_name: 'someone else' (field 2, length-delimited) }.
    const foreign = new Uint8Array([0x08, 8, 0x12, 12, ...new TextEncoder().encode('someone else')]);
    expect(() => describeSwslModel(foreign, 'other.onnx', { dtype: 'fp32' })).toThrow(NotASwslModelError);
    expect(() => describeSwslModel(foreign, 'other.onnx', { dtype: 'fp32' })).toThrow(/other\.onnx.*swsl convert/);
  });
});
