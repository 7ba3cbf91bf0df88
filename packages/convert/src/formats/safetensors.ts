import { CorruptCheckpointError } from '../errors.js';
import { DTYPE_BYTES, type DType } from '../pickle/values.js';
import type { ByteSource } from '../source.js';
import { MAX_SAFETENSORS_HEADER_BYTES } from './limits.js';
import { numelOf, storageTensor, type TensorEntry } from './tensor-data.js';

const DTYPES: Readonly<Record<string, DType>> = {
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F64: 'float64',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

interface HeaderEntry {
  dtype?: unknown;
  shape?: unknown;
  data_offsets?: unknown;
}

/** safetensors: u64 little-endian header length, a JSON header naming each tensor's dtype/shape/byte range, data. */
export async function readSafetensors(source: ByteSource): Promise<Map<string, TensorEntry>> {
  const corrupt = (detail: string) => new CorruptCheckpointError(source.name, detail);
  if (source.size < 8) throw corrupt('shorter than a safetensors header');
  const lenBytes = await source.read(0, 8);
  const declared = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  // Checked before anything is allocated: against the file, then against the header size limit.
  if (declared + 8n > BigInt(source.size))
    throw corrupt(`header claims ${declared} bytes; the file has ${source.size}`);
  const headerLength = Number(declared);
  if (headerLength > MAX_SAFETENSORS_HEADER_BYTES) {
    throw corrupt(
      `header claims ${headerLength} bytes, above swsl's ${MAX_SAFETENSORS_HEADER_BYTES}-byte limit (a ResNet's is < 1 MB)`,
    );
  }
  let header: Record<string, HeaderEntry>;
  try {
    header = JSON.parse(new TextDecoder().decode(await source.read(8, headerLength)));
  } catch (e) {
    throw new CorruptCheckpointError(source.name, 'the JSON header does not parse', { cause: e });
  }
  const dataStart = 8 + headerLength;
  const dataLength = source.size - dataStart;
  const tensors = new Map<string, TensorEntry>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const dtype = DTYPES[String(entry.dtype)];
    const shape = entry.shape;
    const offsets = entry.data_offsets;
    if (!dtype) throw corrupt(`tensor "${name}" has unsupported dtype ${String(entry.dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw corrupt(`tensor "${name}" has a bad shape`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw corrupt(`tensor "${name}" has bad data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const numel = numelOf(shape);
    if (end < begin || end > dataLength || end - begin !== numel * DTYPE_BYTES[dtype]) {
      throw corrupt(
        `tensor "${name}" [${shape}] ${dtype} claims bytes ${begin}..${end} of a ${dataLength}-byte data section`,
      );
    }
    const stride: number[] = [];
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      stride[i] = s;
      s *= shape[i];
    }
    tensors.set(
      name,
      storageTensor({
        name,
        source,
        dtype,
        shape,
        stride,
        offset: 0,
        storageNumel: numel,
        dataOffset: dataStart + begin,
      }),
    );
  }
  return tensors;
}
