import { CorruptCheckpointError, UnsupportedCheckpointError } from '../errors.js';
import { ShortPickleError, type UnpickleOptions, type UnpickleResult, unpickle } from '../pickle/unpickler.js';
import { DTYPE_BYTES, PyDict, type PyValue, type StorageRef } from '../pickle/values.js';
import type { ByteSource } from '../source.js';
import { MAX_PICKLE_BYTES } from './limits.js';
import { storageTensor, type TensorEntry } from './tensor-data.js';
import { storageFromPersistentId, tensorsOf } from './torch-pickle.js';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL_VERSION = 1001;

/**
 * torch.save before PyTorch 1.6 (`_use_new_zipfile_serialization=False`), the format of the 2019 official files:
 * four pickles back to back — magic number, protocol version, sys_info, the object — then a pickled list of storage
 * keys, then for each key in that order an int64 element count and the raw little-endian data.
 */
export async function readLegacyCheckpoint(source: ByteSource): Promise<Map<string, TensorEntry>> {
  const storages = new Map<string, StorageRef>();
  const persistentLoad = (pid: PyValue) => {
    const storage = storageFromPersistentId(pid, source.name, source.size);
    storages.set(storage.key, storage);
    return storage;
  };

  const head = await readPickles(source, 5, persistentLoad);
  const [magic, protocol, sysInfo, object, keys] = head.values;
  if (magic !== LEGACY_MAGIC && magic !== Number(LEGACY_MAGIC)) {
    throw new UnsupportedCheckpointError(source.name, 'a pickle file without torch.save’s magic number');
  }
  if (protocol !== LEGACY_PROTOCOL_VERSION) {
    throw new CorruptCheckpointError(source.name, `unsupported torch legacy protocol version ${String(protocol)}`);
  }
  if (!(sysInfo instanceof PyDict) || sysInfo.entries.get('little_endian') !== true) {
    throw new CorruptCheckpointError(source.name, 'not a little-endian checkpoint');
  }
  if (!Array.isArray(keys)) throw new CorruptCheckpointError(source.name, 'the storage key list is missing');

  // Walk the data section: each storage's 8-byte count must agree with its persistent id and fit in the file.
  const dataOffsets = new Map<string, number>();
  let pos = head.end;
  for (const key of keys) {
    const storage = storages.get(String(key));
    if (!storage) throw new CorruptCheckpointError(source.name, `storage ${String(key)} is never used`);
    if (pos + 8 > source.size) {
      throw new CorruptCheckpointError(source.name, `the file ends before storage ${storage.key} (offset ${pos})`);
    }
    const countBytes = await source.read(pos, 8);
    const count = new DataView(countBytes.buffer, countBytes.byteOffset, 8).getBigInt64(0, true);
    if (count !== BigInt(storage.numel)) {
      throw new CorruptCheckpointError(
        source.name,
        `storage ${storage.key} says ${count} elements at offset ${pos}, its persistent id says ${storage.numel}`,
      );
    }
    const bytes = storage.numel * DTYPE_BYTES[storage.dtype];
    if (pos + 8 + bytes > source.size) {
      throw new CorruptCheckpointError(
        source.name,
        `storage ${storage.key} needs ${bytes} bytes at offset ${pos + 8}; the file has ${source.size} bytes (truncated)`,
      );
    }
    dataOffsets.set(storage.key, pos + 8);
    pos += 8 + bytes;
  }

  const tensors = new Map<string, TensorEntry>();
  for (const [name, ref] of tensorsOf(object ?? null, source.name)) {
    const dataOffset = dataOffsets.get(ref.storage.key);
    if (dataOffset === undefined) {
      throw new CorruptCheckpointError(source.name, `storage ${ref.storage.key} has no data`);
    }
    tensors.set(
      name,
      storageTensor({
        name,
        source,
        dtype: ref.storage.dtype,
        shape: ref.shape,
        stride: ref.stride,
        offset: ref.offset,
        storageNumel: ref.storage.numel,
        dataOffset,
      }),
    );
  }
  return tensors;
}

/**
 * Unpickles `count` consecutive pickles from the start of the file. Their total size is unknown up front (about
 * 100 kB for the largest official model), so read a prefix and grow it only when a pickle runs past it — never
 * beyond MAX_PICKLE_BYTES, so a hostile header cannot make us read a whole multi-GB file into memory.
 */
async function readPickles(
  source: ByteSource,
  count: number,
  persistentLoad: UnpickleOptions['persistentLoad'],
): Promise<{ values: PyValue[]; end: number }> {
  const limit = Math.min(source.size, MAX_PICKLE_BYTES);
  let length = Math.min(limit, 1 << 20);
  for (;;) {
    const bytes = await source.read(0, length);
    try {
      const values: PyValue[] = [];
      let pos = 0;
      for (let i = 0; i < count; i++) {
        const result: UnpickleResult = unpickle(bytes, pos, { source: source.name, persistentLoad });
        values.push(result.value);
        pos = result.end;
      }
      return { values, end: pos };
    } catch (e) {
      if (!(e instanceof ShortPickleError) || length === limit) {
        if (e instanceof ShortPickleError && limit < source.size) {
          throw new CorruptCheckpointError(
            source.name,
            `the pickled header runs past ${MAX_PICKLE_BYTES} bytes, swsl's pickle size limit (a state dict's is < 1 MB)`,
          );
        }
        if (e instanceof ShortPickleError) {
          throw new CorruptCheckpointError(source.name, 'the file ends inside its pickled header (truncated)');
        }
        throw e;
      }
      length = Math.min(limit, length * 4);
    }
  }
}
