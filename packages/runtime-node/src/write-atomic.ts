import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { removeOnExit } from './remove-on-exit.js';

/**
 * Writes `bytes` to a unique temp file beside `path` (flushed), then renames it over `path`: a reader sees the old
 * file or the new one, never half of one, and a failed write — or a process stopped by a signal — leaves nothing behind.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const forget = removeOnExit(temp);
  try {
    await writeFile(temp, bytes, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    forget();
  }
}
