import { type ArchSpec, type Dtype, isDtype, type PreprocessSpec } from '@swsl/registry';
import { InvalidModelError } from './invalid-model.js';
import { WireReader } from './wire-reader.js';

/** What swsl records in a converted model's `metadata_props` (see README). */
export interface SwslModelMetadata {
  readonly arch?: ArchSpec;
  readonly numClasses?: number;
  readonly preprocessing?: PreprocessSpec;
  readonly variant?: string;
  readonly dtype?: Dtype;
  readonly sourceSha256?: string;
  /** Class names of a fine-tuned checkpoint (`swsl convert --labels`), one per output, in output order. */
  readonly labels?: readonly ModelLabel[];
  /** Every metadata entry, swsl's and others'. */
  readonly raw: Readonly<Record<string, string>>;
}

/** One class name as `swsl.labels` stores it. */
export interface ModelLabel {
  readonly wnid?: string;
  readonly name: string;
}

/** ModelProto.metadata_props and StringStringEntryProto's key and value (onnx.proto's field numbers). */
const METADATA_PROPS = 14;
const KEY = 1;
const VALUE = 2;
const LENGTH_DELIMITED = 2;

const utf8 = new TextDecoder();

/** One StringStringEntryProto: absent strings are '' as in every protobuf reader. */
function readEntry(bytes: Uint8Array): { key: string; value: string } {
  const reader = new WireReader(bytes);
  let key = '';
  let value = '';
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    if ((tag & 7) === LENGTH_DELIMITED && (field === KEY || field === VALUE)) {
      const text = utf8.decode(reader.bytesField());
      if (field === KEY) key = text;
      else value = text;
    } else {
      reader.skip(tag & 7);
    }
  }
  return { key, value };
}

function isLabelList(value: unknown): value is ModelLabel[] {
  return (
    Array.isArray(value) &&
    value.every(
      (l) =>
        typeof l === 'object' &&
        l !== null &&
        typeof l.name === 'string' &&
        (l.wnid === undefined || typeof l.wnid === 'string'),
    )
  );
}

/**
 * Reads a model's `metadata_props` by walking ModelProto's top-level fields and skipping the graph without decoding
 * it, so even a 776 MB model costs microseconds. Works on any ONNX file; the swsl fields are absent from others.
 * It needs no protobuf runtime, so a page that only loads ONNX models does not download one.
 */
export function readOnnxMetadata(model: Uint8Array, name = '<onnx>'): SwslModelMetadata {
  const reader = new WireReader(model);
  const raw: Record<string, string> = {};
  try {
    while (!reader.done) {
      const tag = reader.varint();
      if (Math.floor(tag / 8) === METADATA_PROPS && (tag & 7) === LENGTH_DELIMITED) {
        const entry = readEntry(reader.bytesField());
        raw[entry.key] = entry.value;
      } else {
        reader.skip(tag & 7);
      }
    }
  } catch (error) {
    // The wire reader's RangeError/Error on a cut or corrupt file, typed and named (found by tools/fuzz).
    throw new InvalidModelError(name, (error as Error).message, { cause: error });
  }
  const json = <T>(key: string): T | undefined => {
    if (!raw[key]) return undefined;
    try {
      return JSON.parse(raw[key]) as T;
    } catch (error) {
      throw new InvalidModelError(name, `metadata entry ${key} is not JSON`, { cause: error });
    }
  };
  const dtype = raw['swsl.dtype'];
  const labels = raw['swsl.labels'] ? json<unknown>('swsl.labels') : undefined;
  if (labels !== undefined && !isLabelList(labels)) {
    throw new InvalidModelError(name, 'metadata entry swsl.labels is not a list of {"wnid"?, "name"} objects');
  }
  return {
    raw,
    ...(raw['swsl.arch'] ? { arch: json<ArchSpec>('swsl.arch') } : {}),
    ...(raw['swsl.num_classes'] ? { numClasses: Number(raw['swsl.num_classes']) } : {}),
    ...(raw['swsl.preprocessing'] ? { preprocessing: json<PreprocessSpec>('swsl.preprocessing') } : {}),
    ...(raw['swsl.variant'] ? { variant: raw['swsl.variant'] } : {}),
    ...(isDtype(dtype) ? { dtype } : {}),
    ...(raw['swsl.source_sha256'] ? { sourceSha256: raw['swsl.source_sha256'] } : {}),
    ...(labels ? { labels: labels.map((l) => (l.wnid ? { wnid: l.wnid, name: l.name } : { name: l.name })) } : {}),
  };
}
