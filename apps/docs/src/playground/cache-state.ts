import { DTYPE_CHOICES } from './model-choice.js';

/** What this browser holds for a variant at a dtype: the converted ONNX (ready to run) or only the checkpoint. */
export type CachedState = 'onnx' | 'checkpoint';

/** The fields of runtime-web's `listCachedModels()` entries that the playground reads. */
export interface CachedFileLike {
  readonly variant?: string | undefined;
  readonly dtype?: string | undefined;
  readonly kind: string;
  readonly bytes: number;
  /** `hf` / `fb`: the model store's files, which a hub load uses; other origins are ONNX cached for other sources. */
  readonly origin?: string | undefined;
}

/** Only the store's files make a hub variant load without a download. */
const fromStore = (f: CachedFileLike) => f.origin === undefined || f.origin === 'hf' || f.origin === 'fb';

/**
 * The store's files → `<variant>/<dtype>` → state, for the variant list, plus the total. A checkpoint serves every
 * dtype the playground offers (conversion makes any), so it marks each unless the ONNX itself is there.
 */
export function summarizeCache(files: readonly CachedFileLike[]): {
  byVariant: Record<string, CachedState>;
  bytes: number;
  count: number;
} {
  const byVariant: Record<string, CachedState> = {};
  for (const f of files) {
    if (!f.variant || !fromStore(f)) continue;
    if (f.kind === 'onnx' && f.dtype) byVariant[`${f.variant}/${f.dtype}`] = 'onnx';
  }
  for (const f of files) {
    if (!f.variant || f.kind !== 'checkpoint' || !fromStore(f)) continue;
    for (const dtype of DTYPE_CHOICES) byVariant[`${f.variant}/${dtype}`] ??= 'checkpoint';
  }
  return { byVariant, bytes: files.reduce((sum, f) => sum + f.bytes, 0), count: files.length };
}
