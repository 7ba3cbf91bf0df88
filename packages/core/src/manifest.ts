import { MANIFEST_KEY } from './cache-keys.js';
import type { ByteStorage, Lock } from './capabilities.js';

/** One stored file, with the full sha256 the short names do not carry. */
export interface ManifestEntry {
  readonly variant: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Where a checkpoint came from (the official URL, a mirror's, the hub's resolve URL). */
  readonly source?: string;
  /** Which source: Facebook's file host (`fb`, also when absent: entries written before the hub) or the hub (`hf`). */
  readonly origin?: 'fb' | 'hf';
  readonly dtype?: string;
  /** For an ONNX file: the sha256 of the checkpoint it was converted from. */
  readonly checkpointSha256?: string;
  readonly storedAt: string;
}

export interface Manifest {
  readonly version: 1;
  /** By storage key (`checkpoints/…`, `onnx/…`). */
  readonly files: Readonly<Record<string, ManifestEntry>>;
}

// Node and browsers both have these; core builds without Node or DOM types, so it declares the part it uses.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

const EMPTY: Manifest = { version: 1, files: {} };

export async function readManifest(storage: ByteStorage): Promise<Manifest> {
  const bytes = await storage.get(MANIFEST_KEY);
  if (!bytes) return EMPTY;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
    return parsed.version === 1 && typeof parsed.files === 'object' ? parsed : EMPTY;
  } catch {
    // A damaged manifest only costs re-hashing: files are verified again when their entry is missing.
    return EMPTY;
  }
}

/** Read-modify-write under the manifest's own lock, so concurrent processes do not lose each other's entries. */
export async function updateManifest(
  storage: ByteStorage,
  lock: Lock,
  change: (files: Record<string, ManifestEntry>) => void,
): Promise<void> {
  const release = await lock(MANIFEST_KEY);
  try {
    const files = { ...(await readManifest(storage)).files };
    change(files);
    const manifest: Manifest = { version: 1, files };
    await storage.put(MANIFEST_KEY, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  } finally {
    await release();
  }
}
