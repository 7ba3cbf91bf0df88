import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the playground says about int8 beside the precision choice: measured, not promised. */
export interface Int8Figures {
  /** int8 inference ÷ fp32 inference, images/s on WASM (2 threads), same page, same run. */
  readonly inferenceSpeedup: number;
  /** Photos whose top-1 is the same under the browser-made int8 and fp32, of `photos`. */
  readonly sameTop1: number;
  readonly photos: number;
  /** When it was measured (ISO date). */
  readonly measuredAt: string;
}

/**
 * `pnpm bench:web-int8`'s JSON (a local run in `runDir` first, else the committed snapshot) → the figures, or
 * `undefined` when neither exists: the playground then offers int8 without numbers rather than failing the build.
 */
export function loadInt8Figures(runDir: string, snapshotDir: string): Int8Figures | undefined {
  for (const dir of [runDir, snapshotDir]) {
    const path = join(dir, 'web-int8.json');
    if (!existsSync(path)) continue;
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      snapshot?: { measuredAt: string };
      date: string;
      int8InferenceSpeedupOverFp32: number;
      int8VsFp32InBrowser: { sameTop1: number; of: number };
    };
    return {
      inferenceSpeedup: json.int8InferenceSpeedupOverFp32,
      sameTop1: json.int8VsFp32InBrowser.sameTop1,
      photos: json.int8VsFp32InBrowser.of,
      measuredAt: (json.snapshot?.measuredAt ?? json.date).slice(0, 10),
    };
  }
  return undefined;
}
