import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Dtype } from '@swsl/core';
import type { ArchName, ArchSpec } from '@swsl/registry';
import { nodeSha256 } from './node-sha256.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * `swsl classify --weights ckpt.pth` converted the checkpoint on every run (~1 s for resnet50, far more for the
 * 101-layer models). Conversions of local checkpoints are kept in the cache, keyed by the checkpoint's content
 * (sha256), the architecture asked for and the dtype, so a second run opens the ONNX directly. Hashing a checkpoint
 * costs ~0.3 s per 100 MB: the hash is remembered per path with the file's size and modification time, and computed
 * again only when either changed (the same guard `make` and `rsync` use).
 */
export interface LocalConversions {
  /**
   * Where the ONNX for this checkpoint and these options is: cached (not read: runtimes open it by path), or made by
   * `convert` now and kept (then its bytes come along).
   */
  open(
    checkpoint: string,
    key: { readonly arch: ArchName | ArchSpec | 'auto'; readonly dtype: Dtype },
    convert: () => Promise<Uint8Array>,
  ): Promise<{ readonly location: string; readonly cached: boolean; readonly onnx?: Uint8Array }>;
}

interface Remembered {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

const FOLDER = 'local';
const HASHES = 'hashes.json';

async function readHashes(file: string): Promise<Record<string, Remembered>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Remembered>) : {};
  } catch {
    return {}; // absent or damaged: hashes are only a shortcut, computed again
  }
}

const archKey = (arch: ArchName | ArchSpec | 'auto') =>
  typeof arch === 'string'
    ? arch
    : `${arch.block}-${arch.layers.join('.')}-g${arch.groups}w${arch.widthPerGroup}-c${arch.numClasses}-b${arch.baseWidth}`;

export function localConversions(cacheDir: string): LocalConversions {
  const folder = join(cacheDir, FOLDER);
  const hashesFile = join(folder, HASHES);

  async function contentHash(path: string): Promise<string> {
    const info = await stat(path);
    const hashes = await readHashes(hashesFile);
    const known = hashes[path];
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known.sha256;
    const sha256 = await nodeSha256(createReadStream(path));
    hashes[path] = { size: info.size, mtimeMs: info.mtimeMs, sha256 };
    await mkdir(folder, { recursive: true });
    // Last writer wins: two processes hashing different files at once may drop one entry, which is hashed again later.
    await writeFileAtomic(hashesFile, new TextEncoder().encode(JSON.stringify(hashes, null, 1)));
    return sha256;
  }

  return {
    async open(checkpoint, { arch, dtype }, convert) {
      const sha256 = await contentHash(resolve(checkpoint));
      const location = join(folder, `${sha256.slice(0, 16)}-${archKey(arch)}-${dtype}.onnx`);
      const cached = await readFile(location).catch(() => undefined);
      if (cached)
        return { onnx: new Uint8Array(cached.buffer, cached.byteOffset, cached.byteLength), cached: true, location };
      const onnx = await convert();
      await mkdir(folder, { recursive: true });
      await writeFileAtomic(location, onnx);
      return { onnx, cached: false, location };
    },
  };
}
