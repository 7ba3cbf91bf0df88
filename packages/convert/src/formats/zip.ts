import { configure, Reader, ZipReader } from '@zip.js/zip.js';
import { CorruptCheckpointError, UnsupportedCheckpointError } from '../errors.js';
import { unpickle } from '../pickle/unpickler.js';
import { DTYPE_BYTES } from '../pickle/values.js';
import type { ByteSource } from '../source.js';
import { MAX_PICKLE_BYTES } from './limits.js';
import { storageTensor, type TensorEntry } from './tensor-data.js';
import { storageFromPersistentId, tensorsOf } from './torch-pickle.js';
import { memberDataStart, readMember, readMemberPrefix, type ZipMember } from './zip-entry.js';

// Everything runs in the caller's thread: conversion already runs in a worker where that matters.
configure({ useWebWorkers: false });

/** A torch archive has one entry per storage plus 3–4 more (ResNeXt-101: ~320); far more is not a checkpoint. */
const MAX_ENTRIES = 100_000;

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

/**
 * torch.save's zip format: `<folder>/data.pkl` (the pickle) and `<folder>/data/<key>` (one stored entry per
 * storage), where the folder is `archive` or the saved file's base name. zip.js parses only the central directory;
 * entry data is read here, each member capped by what the format says it holds (see zip-entry.ts), so no archive,
 * whatever it declares, makes us inflate more than its pickle's storages need.
 */
export async function readZipCheckpoint(source: ByteSource): Promise<Map<string, TensorEntry>> {
  const byName = await centralDirectory(source);
  const pickleName = [...byName.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n) || n === 'data.pkl');
  if (!pickleName) {
    throw new UnsupportedCheckpointError(source.name, 'a zip file without data.pkl (not a torch.save archive)');
  }
  const folder = pickleName.slice(0, -'data.pkl'.length);

  const pickleMember = byName.get(pickleName)!;
  const pickle = await readMember(source, pickleMember, MAX_PICKLE_BYTES, 'the pickle size limit');
  const { value } = unpickle(pickle, 0, {
    source: `${source.name} (${pickleName})`,
    persistentLoad: (pid) => storageFromPersistentId(pid, source.name, source.size),
  });

  const tensors = new Map<string, TensorEntry>();
  for (const [name, ref] of tensorsOf(value, source.name)) {
    const entryName = `${folder}data/${ref.storage.key}`;
    const member = byName.get(entryName);
    if (!member) throw new CorruptCheckpointError(source.name, `storage entry ${entryName} is missing`);
    const needed = ref.storage.numel * DTYPE_BYTES[ref.storage.dtype];
    // Shorter than its storage cannot be read; longer is what torch.load accepts: it reads the bytes the storage
    // needs and ignores the rest, and so does this (only those bytes are ever read or inflated).
    if (member.size < needed) {
      throw new CorruptCheckpointError(
        source.name,
        `entry ${entryName} holds ${member.size} bytes, its storage (${ref.storage.numel} ${ref.storage.dtype}) needs ${needed}`,
      );
    }
    const compressed = member.method !== 0;
    const start = compressed ? 0 : await memberDataStart(source, member);
    // A compressed storage (a re-zipped archive) cannot be read in place: inflate it, capped, when read.
    const storageSource: ByteSource = compressed ? inflatedSource(source, member, needed) : source;
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
  return tensors;
}

/** The archive's members by name, from its central directory; every zip.js failure becomes a typed error. */
async function centralDirectory(source: ByteSource): Promise<Map<string, ZipMember>> {
  const byName = new Map<string, ZipMember>();
  const zip = new ZipReader(new SourceReader(await withoutRedundantZip64Records(source)));
  try {
    for await (const entry of zip.getEntriesGenerator()) {
      if (byName.size >= MAX_ENTRIES) {
        throw new UnsupportedCheckpointError(source.name, `a zip file with over ${MAX_ENTRIES} entries`);
      }
      if (entry.directory) continue;
      // Readers disagree on which of two same-named members counts: a way to show one tool one model, us another.
      if (byName.has(entry.filename)) {
        throw new CorruptCheckpointError(source.name, `zip entry ${entry.filename} appears twice`);
      }
      byName.set(entry.filename, {
        name: entry.filename,
        method: entry.compressionMethod,
        encrypted: entry.encrypted,
        localHeaderOffset: entry.offset,
        compressedSize: entry.compressedSize,
        size: entry.uncompressedSize,
        crc32: entry.signature,
      });
    }
  } catch (e) {
    if (e instanceof UnsupportedCheckpointError || e instanceof CorruptCheckpointError) throw e;
    const reason = (e as { reason?: unknown }).reason;
    const detail = `${(e as Error).message}${reason ? `: ${String(reason)}` : ''}`;
    throw new CorruptCheckpointError(source.name, `unreadable zip (${detail})`, { cause: e });
  } finally {
    await zip.close().catch(() => undefined);
  }
  return byName;
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

/** A deflated storage, inflated (only as far as the `needed` bytes its pickle declares) on each read and not kept. */
function inflatedSource(archive: ByteSource, member: ZipMember, needed: number): ByteSource {
  return {
    name: archive.name,
    size: needed,
    freshReads: true,
    read: async (offset, length) => {
      const bytes =
        member.size === needed
          ? await readMember(archive, member, needed, 'the size its storage declares')
          : await readMemberPrefix(archive, member, needed);
      return offset === 0 && length === bytes.length ? bytes : bytes.slice(offset, offset + length);
    },
  };
}
