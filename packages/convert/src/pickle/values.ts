/** What the restricted unpickler builds: plain data plus the few torch objects a state dict is made of. */

export type DType =
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float64'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** A torch storage named by a persistent id; its bytes live outside the pickle (zip entry / legacy data section). */
export interface StorageRef {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: DType;
  readonly numel: number;
}

/** `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)`: a strided view of a storage. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** A torch storage class (`torch.FloatStorage`), only ever used inside a persistent id. */
export interface StorageType {
  readonly kind: 'storage-type';
  readonly dtype: DType;
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** dict or collections.OrderedDict; keys are strings or numbers in every checkpoint we read. */
export class PyDict {
  readonly entries = new Map<string | number | bigint | boolean, PyValue>();
  constructor(readonly ordered: boolean) {}
}

/** An allow-listed callable (OrderedDict, _rebuild_tensor_v2, …). */
export interface PyCallable {
  readonly kind: 'callable';
  readonly name: string;
  call(args: readonly PyValue[]): PyValue;
}

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | StorageRef
  | TensorRef
  | StorageType
  | PyCallable;

export function isTensorRef(v: PyValue | undefined): v is TensorRef {
  return typeof v === 'object' && v !== null && (v as TensorRef).kind === 'tensor';
}

export function isStorageType(v: PyValue | undefined): v is StorageType {
  return typeof v === 'object' && v !== null && (v as StorageType).kind === 'storage-type';
}
