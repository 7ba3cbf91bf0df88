import { CorruptCheckpointError } from '../errors.js';
import { DTYPE_BYTES, type DType } from '../pickle/values.js';
import type { ByteSource } from '../source.js';

/** One named tensor of a state dict; its data is read (and widened to float32) only when asked for. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** The values as float32, C order. */
  read(): Promise<Float32Array>;
}

export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function contiguousStride(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = s;
    s *= shape[i] as number;
  }
  return stride;
}

const f16Exp = new Float32Array(32);
for (let e = 0; e < 32; e++) f16Exp[e] = 2 ** (e - 15);

/** IEEE half → float (exact: every half is a float). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (f16Exp[exp] as number) * (1 + mant / 1024);
}

/**
 * Little-endian elements of `dtype` (any alignment) → float32. With `mayReuse`, aligned float32 bytes become the
 * result without a copy (the caller owns them: a fresh read).
 */
export function decodeToFloat32(raw: Uint8Array, dtype: DType, count: number, mayReuse = false): Float32Array {
  if (mayReuse && dtype === 'float32' && raw.byteOffset % 4 === 0)
    return new Float32Array(raw.buffer, raw.byteOffset, count);
  const out = new Float32Array(count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'float32':
      new Uint8Array(out.buffer).set(raw.subarray(0, count * 4));
      break;
    case 'float16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case 'bfloat16': {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      break;
    }
    case 'float64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case 'int64':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, true));
      break;
    case 'int32':
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
      break;
    case 'int16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
      break;
    case 'int8':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      break;
    case 'uint8':
    case 'bool':
      for (let i = 0; i < count; i++) out[i] = raw[i] as number;
      break;
  }
  return out;
}

/**
 * A tensor viewing `numel` elements of a storage whose bytes start at `dataOffset` in `source`. Contiguous views
 * (every state-dict tensor torch writes) read just their own bytes; other strides read the storage and gather.
 */
export function storageTensor(args: {
  name: string;
  source: ByteSource;
  dtype: DType;
  shape: readonly number[];
  stride: readonly number[];
  /** Element offset of the view in its storage. */
  offset: number;
  storageNumel: number;
  dataOffset: number;
}): TensorEntry {
  const { name, source, dtype, shape, stride, offset, storageNumel, dataOffset } = args;
  const es = DTYPE_BYTES[dtype];
  const numel = numelOf(shape);
  let maxIndex = offset;
  shape.forEach((d, i) => {
    if (d > 0) maxIndex += (d - 1) * (stride[i] ?? 0);
  });
  if (stride.length !== shape.length || (numel > 0 && maxIndex >= storageNumel)) {
    throw new CorruptCheckpointError(
      source.name,
      `tensor "${name}" (shape [${shape}]) reaches element ${maxIndex} of a storage of ${storageNumel}`,
    );
  }
  const isContiguous = contiguousStride(shape).every((s, i) => (shape[i] as number) <= 1 || s === stride[i]);
  return {
    name,
    dtype,
    shape,
    async read() {
      if (isContiguous) {
        const fresh = source.freshReads === true;
        return decodeToFloat32(await source.read(dataOffset + offset * es, numel * es), dtype, numel, fresh);
      }
      const all = decodeToFloat32(await source.read(dataOffset, storageNumel * es), dtype, storageNumel);
      const out = new Float32Array(numel);
      const index = new Array<number>(shape.length).fill(0);
      for (let i = 0; i < numel; i++) {
        let at = offset;
        for (let d = 0; d < shape.length; d++) at += (index[d] as number) * (stride[d] as number);
        out[i] = all[at] as number;
        for (let d = shape.length - 1; d >= 0; d--) {
          index[d] = (index[d] as number) + 1;
          if ((index[d] as number) < (shape[d] as number)) break;
          index[d] = 0;
        }
      }
      return out;
    },
  };
}
