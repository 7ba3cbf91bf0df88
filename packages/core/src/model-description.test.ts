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

  it('refuses an ONNX file without swsl metadata (E_NOT_A_SWSL_MODEL)', () => {
    // ModelProto { ir_version: 8 (field 1, varint), producer_name: 'someone else' (field 2, length-delimited) }.
    const foreign = new Uint8Array([0x08, 8, 0x12, 12, ...new TextEncoder().encode('someone else')]);
    expect(() => describeSwslModel(foreign, 'other.onnx', { dtype: 'fp32' })).toThrow(NotASwslModelError);
    expect(() => describeSwslModel(foreign, 'other.onnx', { dtype: 'fp32' })).toThrow(/other\.onnx.*swsl convert/);
  });
});
