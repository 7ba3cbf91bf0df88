import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PartialFile } from '@swsl/core';

/**
 * `<file>.part`: a download in progress, kept between runs so the next one resumes it with an HTTP Range request.
 * Only the holder of the file's lock touches it. `commit` fsyncs and renames, so `<file>` appears complete or
 * not at all.
 */
export async function openPartialFile(finalPath: string): Promise<PartialFile> {
  const partPath = `${finalPath}.part`;
  await mkdir(dirname(finalPath), { recursive: true });
  // 'a': every write goes to the end, which after a truncate is offset 0.
  const handle: FileHandle = await open(partPath, 'a');
  let size = (await handle.stat()).size;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    size: () => size,
    async append(chunk) {
      let written = 0;
      while (written < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
        written += bytesWritten;
      }
      size += chunk.byteLength;
    },
    async truncate() {
      await handle.truncate(0);
      size = 0;
    },
    read: () => createReadStream(partPath),
    async commit() {
      await handle.sync();
      await close();
      await rename(partPath, finalPath);
    },
    async discard() {
      await close();
      await rm(partPath, { force: true });
    },
    close,
  };
}
