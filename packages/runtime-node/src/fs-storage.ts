import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ByteStorage } from '@swsl/core';
import { openPartialFile } from './fs-partial.js';
import { isOptimizedFile } from './optimized-model.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * Suffixes of files that are not (yet) entries: partial downloads, temp files, lock folders and their owner records,
 * onnxruntime's optimized forms of cached models (derived, per machine: optimized-model.ts).
 */
const NOT_AN_ENTRY = /\.(part|tmp|lock|owner|claim|optimized|optimized-data)$/;

/**
 * `ByteStorage` on a directory: key `checkpoints/x.pth` is the file `<root>/checkpoints/x.pth`. Writes go to a
 * unique temp file beside the target and are renamed over it, so readers never see a half-written file.
 */
export function createFsStorage(root: string): ByteStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    // Keys come from file names in registry rows; refuse any that would escape the cache directory.
    if (path === base || !path.startsWith(base + sep)) throw new Error(`Invalid cache key "${key}": outside ${base}`);
    return path;
  };

  return {
    async has(key) {
      return (await stat(pathOf(key)).catch(() => undefined))?.isFile() ?? false;
    },
    async get(key) {
      try {
        const buffer = await readFile(pathOf(key));
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, bytes);
    },
    async remove(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      await rm(`${path}.part`, { force: true });
      // onnxruntime's saved optimized forms of this model go with it.
      const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
      for (const name of siblings) {
        if (isOptimizedFile(path, name)) await rm(join(dirname(path), name), { force: true });
      }
    },
    async list(prefix) {
      const files = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
      return files
        .filter((entry) => entry.isFile() && !NOT_AN_ENTRY.test(entry.name))
        .map((entry) => relative(base, join(entry.parentPath, entry.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    locate: pathOf,
    openPartial: async (key) => openPartialFile(pathOf(key)),
  };
}
