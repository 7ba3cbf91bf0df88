import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../source.js';
import { sha256FileInWorker } from './hash-file.js';

/** A checkpoint on disk, read at offsets: a 776 MB file is never fully in memory. Close it when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    name: basename(path),
    size,
    freshReads: true,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, offset + got);
        if (bytesRead === 0) throw new Error(`${path}: file shrank while reading`);
        got += bytesRead;
      }
      return buffer;
    },
    sha256: () => sha256FileInWorker(path),
    close: () => handle.close(),
  };
}
