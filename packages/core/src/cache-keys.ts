import type { HubFile } from '@swsl/registry';
import type { Dtype } from './capabilities.js';
import type { StoreVariant } from './store-variant.js';

/** Storage key of the manifest: every stored file with its full sha256 (see manifest.ts). */
export const MANIFEST_KEY = 'manifest.json';

/** `checkpoints/<official file name>`, so a person can drop a file they downloaded themselves into the cache. */
export function checkpointKey(variant: StoreVariant): string {
  return `checkpoints/${variant.weights.fileName}`;
}

/** `checkpoints/hf/<repo>/<revision>/<file>`: a hub file, kept apart from Facebook's (other bytes, other hash). */
export function hubCheckpointKey(hub: HubFile): string {
  return `checkpoints/hf/${hub.repo}/${hub.revision}/${hub.file}`;
}

/**
 * `onnx/<variant>-<dtype>-<sha8>.onnx`, where sha8 starts the sha256 of the checkpoint it was converted from (by
 * default the official file's): a new upstream file never reuses an ONNX converted from an old one, and the ONNX
 * made from the hub's safetensors never collides with the one made from Facebook's `.pth`.
 */
export function onnxKey(variant: StoreVariant, dtype: Dtype, sourceSha8 = variant.weights.sha256Prefix): string {
  return `onnx/${variant.name}-${dtype}-${sourceSha8.slice(0, 8)}.onnx`;
}

/**
 * The lock held while a variant's ONNX of one dtype is being made (its final key is known only after the download):
 * beside the ONNX files, so a file-system lock leaves no folder of its own behind.
 */
export function buildLockKey(variant: StoreVariant, dtype: Dtype): string {
  return `onnx/${variant.name}-${dtype}`;
}
