import type { SourceChoice } from '@swsl/core';
import { createNodeModelStore, type NodeModelStore, type NodeProgress, nodeConverter } from '@swsl/runtime-node';

export interface StoreFlags {
  readonly cacheDir?: string;
  readonly offline?: boolean;
  /** `--source`; unset: `SWSL_SOURCE`, else `auto`. */
  readonly source?: SourceChoice;
}

/** The model cache with the real converter wired in (int8/w8 calibrated on the built-in photos). */
export function openStore(flags: StoreFlags, onProgress?: (event: NodeProgress) => void): NodeModelStore {
  return createNodeModelStore({
    convert: nodeConverter({ onCalibrate: (done, total) => onProgress?.({ stage: 'calibrate', done, total }) }),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.source ? { source: flags.source } : {}),
  });
}

export const LICENSE_NOTICE =
  'Note: the SSL/SWSL weights are © Facebook AI, licensed CC-BY-NC-4.0: non-commercial use only, with attribution.';
