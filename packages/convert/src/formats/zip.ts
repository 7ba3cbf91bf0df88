import { configure, Reader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { CorruptCheckpointError, UnsupportedCheckpointError } from '../errors.js';
import { unpickle } from '../pickle/unpickler.js';
import { DTYPE_BYTES } from '../pickle/values.js';
import type { ByteSource } from '../source.js';
import { storageTensor, type TensorEntry } from './tensor-data.js';
import { storageFromPersistentId, tensorsOf } from './torch-pickle.js';

// Everything runs in the caller's thread: conversion already runs in a worker where that matters.
configure({ useWebWorkers: false });

/** zip.js reads the archive through our random-access source (central directory, ZIP64 records, descriptors). */
class SourceReader extends Reader<ByteSource> {
  constructor(private readonly source: ByteSource) {
    super(source);
    this.size = source.size;
  }

  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    if (index < 0 || index + length > this.source.size) throw new RangeError(`read past the end (${index}+${length})`);
    return this.source.read(index, length);
  }
}

interface ZipEntryLocation {
  readonly compressed: boolean;
  readonly localHeaderOffset: number;
  readonly size: number;
  readonly getData: () => Promise<Uint8Array>;
}

/**
 * torch.save's zip format: `<folder>/data.pkl` (the pickle) and `<folder>/data/<key>` (one stored entry per
 * storage), where the folder is `archive` or the saved file's base name. Sizes come from the central directory and
 * are checked against the file before any data is read.
 */
export async function readZipCheckpoint(source: ByteSource): Promise<Map<string, TensorEntry>> {
  const zip = new ZipReader(new SourceReader(await withoutRedundantZip64Records(source)));
  let entries: Awaited<ReturnType<typeof zip.getEntries>>;
  try {
    entries = await zip.getEntries();
  } catch (e) {
    throw new CorruptCheckpointError(source.name, `unreadable zip (${(e as Error).message})`, { cause: e });
  }
  const byName = new Map<string, ZipEntryLocation>();
  for (const entry of entries) {
    if (entry.directory) continue;
    byName.set(entry.filename, {
      compressed: entry.compressionMethod !== 0,
      localHeaderOffset: entry.offset,
      size: entry.uncompressedSize,
      getData: () => entry.getData(new Uint8ArrayWriter()),
    });
  }
  const pickleName = [...byName.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n) || n === 'data.pkl');
  if (!pickleName) {
    throw new UnsupportedCheckpointError(source.name, 'a zip file without data.pkl (not a torch.save archive)');
  }
  const folder = pickleName.slice(0, -'data.pkl'.length);

  const dataStart = async (name: string, loc: ZipEntryLocation): Promise<number> => {
    const header = await readChecked(source, loc.localHeaderOffset, 30, `local header of ${name}`);
    const view = new DataView(header.buffer, header.byteOffset, 30);
    if (view.getUint32(0, true) !== 0x04034b50) {
      throw new CorruptCheckpointError(source.name, `the central directory points ${name} at a non-header`);
    }
    const start = loc.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    if (start + loc.size > source.size) {
      throw new CorruptCheckpointError(
        source.name,
        `entry ${name} claims ${loc.size} bytes at offset ${start}, past the end of the ${source.size}-byte file`,
      );
    }
    return start;
  };
  const entryBytes = async (name: string, loc: ZipEntryLocation): Promise<Uint8Array> => {
    if (loc.compressed) return loc.getData();
    return source.read(await dataStart(name, loc), loc.size);
  };

  const pickleLoc = byName.get(pickleName)!;
  const pickle = await entryBytes(pickleName, pickleLoc);
  const { value } = unpickle(pickle, 0, {
    source: `${source.name} (${pickleName})`,
    persistentLoad: (pid) => storageFromPersistentId(pid, source.name, source.size),
  });

  const tensors = new Map<string, TensorEntry>();
  for (const [name, ref] of tensorsOf(value, source.name)) {
    const entryName = `${folder}data/${ref.storage.key}`;
    const loc = byName.get(entryName);
    if (!loc) throw new CorruptCheckpointError(source.name, `storage entry ${entryName} is missing`);
    const needed = ref.storage.numel * DTYPE_BYTES[ref.storage.dtype];
    if (loc.size < needed) {
      throw new CorruptCheckpointError(
        source.name,
        `${entryName} holds ${loc.size} bytes, its storage needs ${needed}`,
      );
    }
    const start = loc.compressed ? 0 : await dataStart(entryName, loc);
    // A compressed storage (a re-zipped archive) cannot be read in place: inflate it when first read.
    const storageSource: ByteSource = loc.compressed ? await inflatedSource(entryName, loc) : source;
    tensors.set(
      name,
      storageTensor({
        name,
        source: storageSource,
        dtype: ref.storage.dtype,
        shape: ref.shape,
        stride: ref.stride,
        offset: ref.offset,
        storageNumel: ref.storage.numel,
        dataOffset: start,
      }),
    );
  }
  await zip.close();
  return tensors;
}

const EOCD_LENGTH = 22;
const ZIP64_RECORD_LENGTH = 56;
const ZIP64_LOCATOR_LENGTH = 20;

/**
 * PyTorch's writer (miniz) always adds a ZIP64 end record + locator (76 bytes) before the end of central directory,
 * even when no field needs 64 bits. zip.js then expects the directory to end where those records start and, when
 * the first directory entry happens to be 76 bytes long too (an archive folder name of 21 characters, e.g.
 * `resnext101_32x16d.zip.pth`), "corrects" the directory offset by 76 and fails. Handing zip.js a view without the
 * redundant records avoids that; every offset before them is unchanged, so nothing else is affected.
 */
async function withoutRedundantZip64Records(source: ByteSource): Promise<ByteSource> {
  const tail = EOCD_LENGTH + ZIP64_LOCATOR_LENGTH + ZIP64_RECORD_LENGTH;
  if (source.size < tail) return source;
  const bytes = await source.read(source.size - tail, tail);
  const view = new DataView(bytes.buffer, bytes.byteOffset, tail);
  const eocd = ZIP64_RECORD_LENGTH + ZIP64_LOCATOR_LENGTH;
  const locator = ZIP64_RECORD_LENGTH;
  const hasComment = view.getUint16(eocd + 20, true) !== 0;
  if (hasComment || view.getUint32(eocd, true) !== 0x06054b50 || view.getUint32(locator, true) !== 0x07064b50) {
    return source;
  }
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const needsZip64 = cdSize === 0xffffffff || cdOffset === 0xffffffff || view.getUint16(eocd + 10, true) === 0xffff;
  const recordsStart = source.size - tail;
  if (needsZip64 || view.getUint32(0, true) !== 0x06064b50 || cdOffset + cdSize !== recordsStart) return source;
  const cut = ZIP64_RECORD_LENGTH + ZIP64_LOCATOR_LENGTH;
  return {
    name: source.name,
    size: source.size - cut,
    read: async (offset, length) => {
      if (offset + length <= recordsStart) return source.read(offset, length);
      if (offset >= recordsStart) return source.read(offset + cut, length);
      const out = new Uint8Array(length);
      out.set(await source.read(offset, recordsStart - offset), 0);
      out.set(await source.read(recordsStart + cut, length - (recordsStart - offset)), recordsStart - offset);
      return out;
    },
  };
}

async function readChecked(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (offset < 0 || offset + length > source.size) {
    throw new CorruptCheckpointError(source.name, `${what} at offset ${offset} lies outside the file`);
  }
  return source.read(offset, length);
}

async function inflatedSource(name: string, loc: ZipEntryLocation): Promise<ByteSource> {
  let bytes: Uint8Array | undefined;
  return {
    name,
    size: loc.size,
    read: async (offset, length) => {
      bytes ??= await loc.getData();
      return bytes.subarray(offset, offset + length);
    },
  };
}
