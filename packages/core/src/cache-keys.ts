import type { Dtype } from './capabilities.js';
import type { StoreVariant } from './store-variant.js';

/** Storage key of the manifest: every stored file with its full sha256 (see manifest.ts). */
export const MANIFEST_KEY = 'manifest.json';

/** `checkpoints/<official file name>`, so a person can drop a file they downloaded themselves into the cache. */
export function checkpointKey(variant: StoreVariant): string {
  return `checkpoints/${variant.weights.fileName}`;
}

/**
 * `onnx/<variant>-<dtype>-<sha8>.onnx`: the checkpoint's hash prefix in the name means a new upstream file never
 * reuses an ONNX converted from an old one.
 */
export function onnxKey(variant: StoreVariant, dtype: Dtype): string {
  return `onnx/${variant.name}-${dtype}-${variant.weights.sha256Prefix}.onnx`;
}
