import { CorruptCheckpointError, UnsupportedCheckpointError } from './errors.js';
import { readLegacyCheckpoint } from './formats/legacy.js';
import { readSafetensors } from './formats/safetensors.js';
import type { TensorEntry } from './formats/tensor-data.js';
import { readZipCheckpoint } from './formats/zip.js';
import { type ByteSource, bytesSource } from './source.js';

/** torch's legacy magic number (0x1950a86a20f9469cfc6c) as protocol 0/1 write it: `L119547037146038801333356L`. */
const LEGACY_MAGIC_TEXT = 'L119547037146038';

export type CheckpointFormat = 'zip' | 'legacy' | 'safetensors';

export interface StateDict {
  readonly source: ByteSource;
  readonly format: CheckpointFormat;
  /** Tensor name (torchvision keys, wrappers and `module.` removed) → lazily read tensor. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
}

/** Which reader a file needs, from its first bytes. */
export async function detectFormat(source: ByteSource): Promise<CheckpointFormat> {
  if (source.size === 0) throw new CorruptCheckpointError(source.name, 'the file is empty');
  const head = await source.read(0, Math.min(source.size, 16));
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
  if (head[0] === 0x80 && (head[1] as number) >= 2 && (head[1] as number) <= 5) return 'legacy';
  // Pickle protocols 0 and 1 have no PROTO opcode: a legacy file starts with its magic number as a text LONG.
  if (new TextDecoder('latin1').decode(head).startsWith(LEGACY_MAGIC_TEXT)) return 'legacy';
  if (source.size >= 9 && head[8] === 0x7b) return 'safetensors';
  throw new UnsupportedCheckpointError(source.name, 'not a checkpoint format swsl reads');
}

/**
 * Reads the tensors of a checkpoint without loading their data: headers and the pickle are parsed and every
 * declared size is checked against the file; each tensor's bytes are read when `read()` is called.
 */
export async function readStateDict(input: ByteSource | Uint8Array): Promise<StateDict> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const format = await detectFormat(source);
  const tensors =
    format === 'zip'
      ? await readZipCheckpoint(source)
      : format === 'legacy'
        ? await readLegacyCheckpoint(source)
        : await readSafetensors(source);
  return { source, format, tensors: withoutModulePrefix(tensors) };
}

/** DataParallel saves every key as `module.<key>`; strip it when (and only when) all keys have it. */
function withoutModulePrefix(tensors: Map<string, TensorEntry>): Map<string, TensorEntry> {
  const prefix = 'module.';
  if (tensors.size === 0 || ![...tensors.keys()].every((k) => k.startsWith(prefix))) return tensors;
  return new Map([...tensors].map(([k, v]) => [k.slice(prefix.length), v]));
}
