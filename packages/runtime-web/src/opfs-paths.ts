/// <reference lib="dom" />
/** The folder of the origin private file system (OPFS) that holds everything swsl stores. */
export const OPFS_FOLDER = 'swsl';

/** How a key is shown to people: `opfs:/swsl/<key>` (browsers show OPFS nowhere, so this names it in messages). */
export function opfsLocation(key: string): string {
  return `opfs:/${OPFS_FOLDER}/${key}`;
}

/** Suffix of the folder that holds a partial download's segments: `<key>.part/`. */
export const PART_SUFFIX = '.part';
/** Suffix of a file being written before it is moved onto its key. */
export const TEMP_SUFFIX = '.swsl-tmp';
/** Chromium's own swap file beside a file with an open writable. */
const SWAP_SUFFIX = '.crswap';

/** Whether a directory entry is bookkeeping, not a stored key. */
export function isBookkeeping(name: string): boolean {
  return name.endsWith(PART_SUFFIX) || name.endsWith(SWAP_SUFFIX) || name.includes(TEMP_SUFFIX);
}

/** `a/b/c.onnx` → folders `['a', 'b']` and file `c.onnx`; refuses keys that are not plain relative paths. */
export function splitKey(key: string): { readonly folders: string[]; readonly name: string } {
  const parts = key.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..') || isBookkeeping(parts.at(-1) as string)) {
    throw new Error(`Invalid storage key "${key}": expected a relative path like onnx/<name>.onnx`);
  }
  return { folders: parts.slice(0, -1), name: parts.at(-1) as string };
}

export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  // TypeMismatchError: a folder where a file was expected (or the reverse): not the entry asked for either.
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

/** Walks down `folders` from `root`; `undefined` when one is missing and `create` is false. */
export async function folderOf(
  root: FileSystemDirectoryHandle,
  folders: readonly string[],
  create: boolean,
): Promise<FileSystemDirectoryHandle | undefined> {
  let dir = root;
  for (const folder of folders) {
    try {
      dir = await dir.getDirectoryHandle(folder, { create });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
  return dir;
}

export async function removeEntry(dir: FileSystemDirectoryHandle, name: string): Promise<void> {
  try {
    await dir.removeEntry(name, { recursive: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Writes a file so that readers see the old bytes or the new ones, never an empty or half-written file: the bytes
 * go to a temp file (whose `createWritable` itself writes a swap file and commits on close), which is then moved
 * onto the name (`move` replaces an existing file). Without `move` (older engines), the target's own writable
 * still swaps atomically; only a brand-new key is visible empty while it is written.
 */
export async function writeAtomically(
  dir: FileSystemDirectoryHandle,
  name: string,
  write: (writable: FileSystemWritableFileStream) => Promise<void>,
): Promise<void> {
  // A unique temp name: two writers of one key (two tabs, should their locks ever be skipped) never share it.
  const temp = `${name}${TEMP_SUFFIX}-${Math.random().toString(36).slice(2, 10)}`;
  const probe = await dir.getFileHandle(temp, { create: true });
  const movable = typeof (probe as { move?: unknown }).move === 'function';
  const handle = movable ? probe : await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  try {
    await write(writable);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => {});
    await removeEntry(dir, temp);
    throw error;
  }
  if (movable)
    await (handle as unknown as { move(dir: FileSystemDirectoryHandle, name: string): Promise<void> }).move(dir, name);
  else await removeEntry(dir, temp);
}
