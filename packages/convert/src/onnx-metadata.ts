import type { ArchSpec, PreprocessSpec } from '@swsl/registry';
import protobuf from 'protobufjs/minimal.js';
import { onnx } from './graph/onnx-proto.js';

/** What swsl records in a converted model's `metadata_props` (see README). */
export interface SwslModelMetadata {
  readonly arch?: ArchSpec;
  readonly numClasses?: number;
  readonly preprocessing?: PreprocessSpec;
  readonly variant?: string;
  readonly dtype?: 'fp32' | 'fp16';
  readonly sourceSha256?: string;
  /** Every metadata entry, swsl's and others'. */
  readonly raw: Readonly<Record<string, string>>;
}

/**
 * Reads a model's `metadata_props` by walking ModelProto's top-level fields and skipping the graph without decoding
 * it, so even a 776 MB model costs microseconds. Works on any ONNX file; the swsl fields are absent from others.
 */
export function readOnnxMetadata(model: Uint8Array): SwslModelMetadata {
  const reader = protobuf.Reader.create(model);
  const raw: Record<string, string> = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 14 && (tag & 7) === 2) {
      const entry = onnx.StringStringEntryProto.decode(reader, reader.uint32());
      raw[entry.key] = entry.value;
    } else {
      reader.skipType(tag & 7);
    }
  }
  const json = <T>(key: string): T | undefined => (raw[key] ? (JSON.parse(raw[key]) as T) : undefined);
  const dtype = raw['swsl.dtype'];
  return {
    raw,
    ...(raw['swsl.arch'] ? { arch: json<ArchSpec>('swsl.arch') } : {}),
    ...(raw['swsl.num_classes'] ? { numClasses: Number(raw['swsl.num_classes']) } : {}),
    ...(raw['swsl.preprocessing'] ? { preprocessing: json<PreprocessSpec>('swsl.preprocessing') } : {}),
    ...(raw['swsl.variant'] ? { variant: raw['swsl.variant'] } : {}),
    ...(dtype === 'fp32' || dtype === 'fp16' ? { dtype } : {}),
    ...(raw['swsl.source_sha256'] ? { sourceSha256: raw['swsl.source_sha256'] } : {}),
  };
}
