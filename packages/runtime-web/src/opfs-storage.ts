/// <reference lib="dom" />
import { type ByteStorage, createMemoryStorage } from '@swsl/core';
import { openOpfsPartial } from './opfs-partial.js';
import {
  folderOf,
  isBookkeeping,
  isNotFound,
  OPFS_FOLDER,
  opfsLocation,
  PART_SUFFIX,
  removeEntry,
  splitKey,
  writeAtomically,
} from './opfs-paths.js';
import { assertRoomFor, type QuotaOptions } from './storage-quota.js';

/** core's `ByteStorage`, plus the quota check core calls before a download of known size. */
export interface BrowserStorage extends ByteStorage {
  /** Throws `E_STORAGE_QUOTA` when `bytes` more for `key` (and the model converted from it) do not fit. */
  reserve(bytes: number, key: string): Promise<void>;
  /** Where the bytes live: `opfs`, or `memory` where OPFS is missing (nothing survives the page). */
  readonly kind: 'opfs' | 'memory';
}

/**
 * `ByteStorage` on the origin private file system: key `onnx/x.onnx` is the file `swsl/onnx/x.onnx`. `put` is
 * atomic (temp file, committed writable, moved onto the key); partial downloads are segment folders that survive a
 * reload (see opfs-partial.ts).
 */
export function createOpfsStorage(root: FileSystemDirectoryHandle, quota: QuotaOptions = {}): BrowserStorage {
  const fileOf = async (key: string): Promise<FileSystemFileHandle | undefined> => {
    const { folders, name } = splitKey(key);
    const dir = await folderOf(root, folders, false);
    try {
      return await dir?.getFileHandle(name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const partSize = async (key: string): Promise<number> => {
    const { folders, name } = splitKey(key);
    const part = await folderOf(root, [...folders, `${name}${PART_SUFFIX}`], false);
    let bytes = 0;
    if (!part) return 0;
    for await (const handle of part.values()) {
      if (handle.kind === 'file') bytes += (await (handle as FileSystemFileHandle).getFile()).size;
    }
    return bytes;
  };

  return {
    kind: 'opfs',
    has: async (key) => (await fileOf(key)) !== undefined,
    async get(key) {
      const handle = await fileOf(key);
      return handle && new Uint8Array(await (await handle.getFile()).arrayBuffer());
    },
    async put(key, bytes) {
      const { folders, name } = splitKey(key);
      const dir = (await folderOf(root, folders, true)) as FileSystemDirectoryHandle;
      await writeAtomically(dir, name, (writable) => writable.write(bytes as Uint8Array<ArrayBuffer>));
    },
    async remove(key) {
      const { folders, name } = splitKey(key);
      const dir = await folderOf(root, folders, false);
      if (!dir) return;
      await removeEntry(dir, name);
      await removeEntry(dir, `${name}${PART_SUFFIX}`);
    },
    async list(prefix) {
      const keys: string[] = [];
      const walk = async (dir: FileSystemDirectoryHandle, path: string) => {
        for await (const [name, handle] of dir.entries()) {
          if (isBookkeeping(name)) continue;
          if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}${name}/`);
          else if (`${path}${name}`.startsWith(prefix)) keys.push(`${path}${name}`);
        }
      };
      await walk(root, '');
      return keys.sort();
    },
    locate: opfsLocation,
    async openPartial(key) {
      const { folders, name } = splitKey(key);
      return openOpfsPartial((await folderOf(root, folders, true)) as FileSystemDirectoryHandle, name);
    },
    reserve: async (bytes, key) => assertRoomFor(key, bytes, await partSize(key), quota),
  };
}

/** The `swsl` folder of OPFS, or `undefined` where there is none (old browsers, insecure contexts, some private modes). */
export async function openOpfsRoot(): Promise<FileSystemDirectoryHandle | undefined> {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return undefined;
  try {
    // Writing needs createWritable (Safari had OPFS long before it; worker-only sync handles do not fit here).
    if (typeof FileSystemFileHandle === 'undefined' || !('createWritable' in FileSystemFileHandle.prototype)) {
      return undefined;
    }
    const origin = await storage.getDirectory();
    return await origin.getDirectoryHandle(OPFS_FOLDER, { create: true });
  } catch {
    return undefined;
  }
}

/**
 * OPFS where the browser has it (and `persist` is not false), else memory (nothing kept after the page: every model
 * is downloaded again).
 */
export async function createBrowserStorage(quota: QuotaOptions = {}, persist = true): Promise<BrowserStorage> {
  const root = persist ? await openOpfsRoot() : undefined;
  if (root) return createOpfsStorage(root, quota);
  const memory = createMemoryStorage('memory');
  return { ...memory, kind: 'memory', reserve: async () => {} };
}

/** Removes everything swsl keeps in OPFS (models, partial downloads, the manifest). */
export async function clearOpfs(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return false;
  try {
    const origin = await storage.getDirectory();
    await removeEntry(origin, OPFS_FOLDER);
    return true;
  } catch {
    return false;
  }
}
