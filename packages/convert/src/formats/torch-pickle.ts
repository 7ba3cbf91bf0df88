import { CorruptCheckpointError } from '../errors.js';
import {
  DTYPE_BYTES,
  isStorageType,
  PyDict,
  PyTuple,
  type PyValue,
  type StorageRef,
  type TensorRef,
} from '../pickle/values.js';

/**
 * torch.save's persistent id for a storage: ('storage', StorageType, key, location, numel[, view_metadata]).
 * `maxBytes` bounds the declared size by the bytes that could possibly hold it, so a storage claiming 10^12
 * elements is rejected here, before anything is allocated.
 */
export function storageFromPersistentId(pid: PyValue, sourceName: string, maxBytes: number): StorageRef {
  const items = pid instanceof PyTuple ? pid.items : undefined;
  const [tag, type, key, , numelValue] = items ?? [];
  if (tag !== 'storage' || !isStorageType(type) || (typeof key !== 'string' && typeof key !== 'number')) {
    throw new CorruptCheckpointError(sourceName, 'unexpected persistent id (not a torch storage)');
  }
  const numel = typeof numelValue === 'bigint' ? Number(numelValue) : numelValue;
  if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) {
    throw new CorruptCheckpointError(sourceName, `storage ${key} has an invalid element count`);
  }
  if (numel * DTYPE_BYTES[type.dtype] > maxBytes) {
    throw new CorruptCheckpointError(
      sourceName,
      `storage ${key} claims ${numel} ${type.dtype} elements (${numel * DTYPE_BYTES[type.dtype]} bytes) but the file has only ${maxBytes}`,
    );
  }
  return { kind: 'storage', key: String(key), dtype: type.dtype, numel };
}

/**
 * The flat name → tensor map inside whatever torch.save'd: a state dict itself, or the common wrappers
 * `{state_dict: …}` / `{model: …}` (training checkpoints).
 */
export function tensorsOf(root: PyValue, sourceName: string): Map<string, TensorRef> {
  let dict = root;
  for (;;) {
    if (!(dict instanceof PyDict))
      throw new CorruptCheckpointError(sourceName, 'the checkpoint does not hold a dict of tensors');
    const inner = dict.entries.get('state_dict') ?? dict.entries.get('model');
    if (inner instanceof PyDict) {
      dict = inner;
      continue;
    }
    break;
  }
  const out = new Map<string, TensorRef>();
  for (const [key, value] of (dict as PyDict).entries) {
    if (
      typeof key !== 'string' ||
      typeof value !== 'object' ||
      value === null ||
      (value as TensorRef).kind !== 'tensor'
    ) {
      continue; // non-tensor entries (epoch numbers, optimizer names) are not weights
    }
    out.set(key, value as TensorRef);
  }
  if (out.size === 0) throw new CorruptCheckpointError(sourceName, 'no tensors found in the checkpoint');
  return out;
}
