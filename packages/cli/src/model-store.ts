import { convertCheckpoint } from '@swsl/convert';
import type { SourceChoice } from '@swsl/core';
import { createNodeModelStore, type NodeModelStore } from '@swsl/runtime-node';

export interface StoreFlags {
  readonly cacheDir?: string;
  readonly offline?: boolean;
  /** `--source`; unset: `SWSL_SOURCE`, else `auto`. */
  readonly source?: SourceChoice;
}

/** The model cache with the real converter wired in. */
export function openStore(flags: StoreFlags): NodeModelStore {
  return createNodeModelStore({
    convert: (bytes, options) => convertCheckpoint(bytes, options),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.source ? { source: flags.source } : {}),
  });
}

export const LICENSE_NOTICE =
  'Note: the SSL/SWSL weights are © Facebook AI, licensed CC-BY-NC-4.0: non-commercial use only, with attribution.';
