/// <reference lib="dom" />
import type { PartialFile } from '@swsl/core';
import { PART_SUFFIX, removeEntry, writeAtomically } from './opfs-paths.js';

/**
 * A segment file is committed when it holds this many bytes or has been open this long, whichever comes first. A
 * reload loses only the segment being written (its writable never committed): at most 8 MB on a fast link, about a
 * second of download on a slow one.
 */
export const SEGMENT_BYTES = 8 << 20;
export const SEGMENT_MS = 1000;

/** Network chunks are small (≈ 64 KB); they are gathered up to this before one write to OPFS (fewer IPC calls). */
const WRITE_BYTES = 1 << 20;

interface Segment {
  readonly handle: FileSystemFileHandle;
  readonly size: number;
}

interface OpenSegment {
  readonly name: string;
  readonly handle: FileSystemFileHandle;
  readonly writable: FileSystemWritableFileStream;
  readonly opened: number;
  size: number;
}

const segmentName = (index: number) => String(index).padStart(6, '0');

/**
 * A partial download on OPFS, kept across page reloads: the folder `<key>.part/` holds numbered segment files
 * (`000000`, `000001`, …), each written once through its own writable. Appending is O(bytes): a file's
 * `createWritable({ keepExistingData: true })` would copy the whole file at every reopen. A segment counts once its
 * writable has closed (committed), so after a reload the part is exactly the committed segments. `commit` joins
 * them into the final file (segment Blobs written into one writable, then moved onto the key) and removes the folder.
 */
export async function openOpfsPartial(dir: FileSystemDirectoryHandle, name: string): Promise<PartialFile> {
  const partName = `${name}${PART_SUFFIX}`;
  let folder = await dir.getDirectoryHandle(partName, { create: true });
  const segments: Segment[] = [];
  const found: [string, FileSystemFileHandle][] = [];
  for await (const [entry, handle] of folder.entries()) {
    if (handle.kind === 'file' && /^\d{6}$/.test(entry)) found.push([entry, handle as FileSystemFileHandle]);
  }
  found.sort(([a], [b]) => a.localeCompare(b));
  for (const [, handle] of found) segments.push({ handle, size: (await handle.getFile()).size });
  let next = found.length > 0 ? Number(found.at(-1)?.[0]) + 1 : 0;
  let size = segments.reduce((sum, s) => sum + s.size, 0);
  let open: OpenSegment | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let firstPending = 0;

  async function writePending(): Promise<void> {
    if (pendingBytes === 0) return;
    if (!open) {
      const segment = segmentName(next++);
      const handle = await folder.getFileHandle(segment, { create: true });
      // Its age counts from its oldest byte, so a slow link still commits about once a second.
      open = { name: segment, handle, writable: await handle.createWritable(), opened: firstPending, size: 0 };
    }
    const joined = pending.length === 1 ? (pending[0] as Uint8Array) : concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await open.writable.write(joined as Uint8Array<ArrayBuffer>);
    open.size += joined.byteLength;
    if (open.size >= SEGMENT_BYTES || Date.now() - open.opened >= SEGMENT_MS) await closeSegment();
  }

  async function closeSegment(): Promise<void> {
    if (!open) return;
    const { writable, handle, size: written } = open;
    open = undefined;
    await writable.close();
    segments.push({ handle, size: written });
  }

  /** Everything appended so far committed to segment files. */
  async function flush(): Promise<void> {
    await writePending();
    await closeSegment();
  }

  async function dropAll(): Promise<void> {
    pending = [];
    pendingBytes = 0;
    if (open) await open.writable.abort().catch(() => {});
    open = undefined;
    segments.length = 0;
    size = 0;
    next = 0;
    await removeEntry(dir, partName);
  }

  return {
    size: () => size,
    async append(chunk) {
      if (pendingBytes === 0) firstPending = Date.now();
      // Copied: a stream may hand out views it reuses, and the bytes wait here until the next write.
      pending.push(chunk.slice());
      pendingBytes += chunk.byteLength;
      size += chunk.byteLength;
      const due = open ? Date.now() - open.opened >= SEGMENT_MS : Date.now() - firstPending >= SEGMENT_MS;
      if (pendingBytes >= WRITE_BYTES || due) await writePending();
    },
    async truncate() {
      await dropAll();
      folder = await dir.getDirectoryHandle(partName, { create: true });
    },
    async *read() {
      await flush();
      for (const segment of [...segments]) {
        const reader = (await segment.handle.getFile()).stream().getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          yield value;
        }
      }
    },
    async commit() {
      await flush();
      await writeAtomically(dir, name, async (writable) => {
        // A segment's File is written as a Blob: the browser copies it file to file, not through JS memory.
        for (const segment of segments) await writable.write(await segment.handle.getFile());
      });
      segments.length = 0;
      await removeEntry(dir, partName);
    },
    discard: dropAll,
    close: flush,
  };
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
