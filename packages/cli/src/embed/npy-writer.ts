import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodeNpy } from '@swsl/preprocess';
import { removeOnExit } from '@swsl/runtime-node';

/** The .npy header of a `[rows, width]` float32 array: 128 bytes for any realistic shape, so the row count can be
 * written last over the one written first. */
const HEADER_BYTES = 128;

function header(rows: number, width: number): Uint8Array {
  const bytes = encodeNpy(new Float32Array(0), [rows, width]);
  if (bytes.length !== HEADER_BYTES) throw new Error(`internal: an .npy header of ${bytes.length} bytes`);
  return bytes;
}

/** A temp file beside `path`, renamed into place by `commit` only: readers never see a half-written file. */
export async function openTemp(
  path: string,
): Promise<{ handle: FileHandle; commit(): Promise<void>; abort(): Promise<void> }> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const forget = removeOnExit(tmp); // Ctrl-C mid-run leaves no temp file behind
  const handle = await open(tmp, 'w');
  return {
    handle,
    async commit() {
      await handle.sync();
      await handle.close();
      await rename(tmp, path);
      forget();
    },
    async abort() {
      await handle.close().catch(() => {});
      await rm(tmp, { force: true });
      forget();
    },
  };
}

export interface NpyRowWriter {
  /** Appends rows of exactly `width` float32s. */
  write(rows: readonly Float32Array[]): Promise<void>;
  readonly rows: number;
  /** Writes the header with the final row count, then renames the file into place. */
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * A `[rows, width]` float32 .npy written row by row with bounded memory (millions of 2048-float rows do not fit in
 * one buffer): rows stream after a fixed-size header that is rewritten with the count at the end.
 */
export async function createNpyRowWriter(path: string, width: number): Promise<NpyRowWriter> {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('a big-endian machine: .npy rows would need swapping');
  const file = await openTemp(path);
  let rows = 0;
  let offset = HEADER_BYTES;
  await file.handle.write(header(0, width), 0, HEADER_BYTES, 0);
  return {
    get rows() {
      return rows;
    },
    async write(batch) {
      if (!batch.length) return;
      const bytes = Buffer.alloc(batch.length * width * 4);
      batch.forEach((row, i) => {
        if (row.length !== width) throw new Error(`internal: a feature row of ${row.length} floats, expected ${width}`);
        bytes.set(new Uint8Array(row.buffer, row.byteOffset, row.byteLength), i * width * 4);
      });
      await file.handle.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
      rows += batch.length;
    },
    async close() {
      await file.handle.write(header(rows, width), 0, HEADER_BYTES, 0);
      await file.commit();
    },
    abort: () => file.abort(),
  };
}
