import { describe, expect, it } from 'vitest';
import { onnx } from './graph/onnx-proto.js';
import { readOnnxMetadata } from './onnx-metadata.js';

/** A model with every kind of top-level field around its metadata, encoded by protobufjs. */
function model(metadata: Record<string, string>): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'prøducer ✓',
    modelVersion: 2 ** 40,
    graph: {
      name: 'g',
      initializer: [{ name: 'w', dims: [2], dataType: 1, rawData: new Uint8Array(8), doubleData: [1.5] }],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  }).finish();
}

describe('readOnnxMetadata (its own wire-format walk)', () => {
  it('reads the entries protobufjs wrote, across the fields it skips', () => {
    const arch = { family: 'resnet', block: 'basic', layers: [2, 2, 2, 2], groups: 1, widthPerGroup: 64 };
    const bytes = model({ 'swsl.arch': JSON.stringify(arch), 'swsl.dtype': 'fp16', 'other.tool': 'ünïcode ✓' });
    const meta = readOnnxMetadata(bytes);
    expect(meta.raw).toEqual(
      Object.fromEntries(onnx.ModelProto.decode(bytes).metadataProps.map((p) => [p.key, p.value])),
    );
    expect(meta.arch).toEqual(arch);
    expect(meta.dtype).toBe('fp16');
    expect(meta.raw['other.tool']).toBe('ünïcode ✓');
  });

  it('reads swsl.labels, and refuses one that is not a list of names (E_INVALID_MODEL naming the file)', () => {
    const labels = [{ wnid: 'n0001', name: 'cat, ✓' }, { name: 'dog' }];
    expect(readOnnxMetadata(model({ 'swsl.labels': JSON.stringify(labels) })).labels).toEqual(labels);
    for (const bad of ['{"name":"x"}', '[{"wnid":"n1"}]', '[{"name":3}]', '[null]', '[{"name":"x","wnid":7}]']) {
      expect(() => readOnnxMetadata(model({ 'swsl.labels': bad }), 'm.onnx'), bad).toThrow(
        expect.objectContaining({ code: 'E_INVALID_MODEL', message: expect.stringMatching(/^m\.onnx.*swsl\.labels/) }),
      );
    }
  });

  it('gives an ONNX file without metadata no swsl fields', () => {
    expect(readOnnxMetadata(model({}))).toEqual({ raw: {} });
    expect(readOnnxMetadata(new Uint8Array())).toEqual({ raw: {} });
  });

  it('refuses bytes that are no protobuf, as protobufjs would', () => {
    const truncated = model({ 'swsl.variant': 'resnet18_swsl' }).subarray(0, 40);
    expect(() => readOnnxMetadata(truncated)).toThrow(/index out of range/);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    expect(() => readOnnxMetadata(jpeg)).toThrow(/invalid wire type 7 at offset 5/);
    expect(() => readOnnxMetadata(new Uint8Array(12).fill(0xff))).toThrow(/invalid varint/);
  });
});
