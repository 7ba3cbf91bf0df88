import {
  type DType,
  isStorageType,
  type PyCallable,
  PyDict,
  PyTuple,
  type PyValue,
  type StorageRef,
  type StorageType,
  type TensorRef,
} from './values.js';

/**
 * The only globals a weights-only checkpoint needs (the same idea as torch's `weights_only=True` loader). Anything
 * else — `os.system`, `builtins.eval`, `subprocess.Popen`, … — is refused before it is called or even looked up.
 */
const STORAGE_TYPES: Readonly<Record<string, DType>> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

function callable(name: string, call: (args: readonly PyValue[]) => PyValue): PyCallable {
  return { kind: 'callable', name, call };
}

function intList(v: PyValue | undefined, what: string): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : undefined;
  if (!items) throw new TypeError(`${what} is not a tuple`);
  return items.map((x) => {
    const n = typeof x === 'bigint' ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new TypeError(`${what} has a bad entry`);
    return n;
  });
}

function rebuildTensor(args: readonly PyValue[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (typeof storage !== 'object' || storage === null || (storage as StorageRef).kind !== 'storage') {
    throw new TypeError('_rebuild_tensor_v2: first argument is not a storage');
  }
  const off = typeof offset === 'bigint' ? Number(offset) : offset;
  if (typeof off !== 'number' || !Number.isSafeInteger(off) || off < 0) throw new TypeError('bad storage offset');
  return {
    kind: 'tensor',
    storage: storage as StorageRef,
    offset: off,
    shape: intList(size, 'tensor size'),
    stride: intList(stride, 'tensor stride'),
  };
}

const CALLABLES: Readonly<Record<string, PyCallable>> = {
  'collections.OrderedDict': callable('collections.OrderedDict', () => new PyDict(true)),
  'torch._utils._rebuild_tensor_v2': callable('torch._utils._rebuild_tensor_v2', rebuildTensor),
  'torch._utils._rebuild_tensor': callable('torch._utils._rebuild_tensor', rebuildTensor),
  // nn.Parameter(data, requires_grad, hooks): the data is all a state dict needs.
  'torch._utils._rebuild_parameter': callable('torch._utils._rebuild_parameter', (args) => args[0] ?? null),
};

/** The value a GLOBAL opcode stands for, or `undefined` when `module.name` is not allowed. */
export function lookupAllowedGlobal(module: string, name: string): PyValue | undefined {
  const full = `${module}.${name}`;
  if (module === 'torch' && name in STORAGE_TYPES) {
    const type: StorageType = { kind: 'storage-type', dtype: STORAGE_TYPES[name] as DType };
    return type;
  }
  return CALLABLES[full];
}

export { isStorageType };
